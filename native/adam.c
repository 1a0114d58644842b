// The Adam step in one pass over memory, split between the threads.
#include <math.h>
#include "kernels.h"
#include "parallel.h"

typedef struct { const adam_hyper *h; const float *w0, *g, *m0, *v0; float *w1, *m1, *v1; } adam_job;

TARGETS static void adam_range(const void *ctx, int64_t from, int64_t to) {
  const adam_job *job = ctx;
  const float beta1 = job->h->beta1, beta2 = job->h->beta2, epsilon = job->h->epsilon;
  const float step = job->h->lr / job->h->correction1, scale2 = 1.0f / job->h->correction2;
  const float *restrict w0 = job->w0, *restrict g = job->g, *restrict m0 = job->m0, *restrict v0 = job->v0;
  float *restrict w1 = job->w1, *restrict m1 = job->m1, *restrict v1 = job->v1;
  for (int64_t i = from; i < to; i++) {
    const float gi = g[i];
    const float mi = beta1 * m0[i] + (1 - beta1) * gi;
    const float vi = beta2 * v0[i] + (1 - beta2) * gi * gi;
    m1[i] = mi;
    v1[i] = vi;
    w1[i] = w0[i] - (step * mi) / (sqrtf(vi * scale2) + epsilon);
  }
}

void adam(const adam_hyper *h, const float *w0, const float *g, const float *m0, const float *v0,
          float *w1, float *m1, float *v1, int64_t count) {
  adam_job job = { h, w0, g, m0, v0, w1, m1, v1 };
  parallel_for(count, 1 << 16, adam_range, &job);
}
