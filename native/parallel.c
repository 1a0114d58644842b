// parallel.h's loop splitting on OpenMP.
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "fpenv.h"
#include "parallel.h"

static int thread_count = 1;

// Also starts OpenMP's threads and has each flush denormals for good (fpenv.h).
void tsdl_set_threads(int threads) {
  thread_count = threads < 1 ? 1 : threads;
  omp_set_num_threads(thread_count);
  const unsigned fp = fast_fp_begin();
#pragma omp parallel num_threads(thread_count)
  {
    if (omp_get_thread_num() != 0) fast_fp_begin();
  }
  fast_fp_end(fp);
}

int tsdl_threads(void) { return thread_count; }

void parallel_for(int64_t count, int64_t grain, range_fn body, const void *ctx) {
  if (count <= 0) return;
  int64_t parts = grain > 0 ? count / grain : count;
  if (parts > thread_count) parts = thread_count;
  if (parts <= 1) {
    body(ctx, 0, count);
    return;
  }
#pragma omp parallel for num_threads(parts) schedule(static, 1)
  for (int64_t part = 0; part < parts; part++) {
    body(ctx, count * part / parts, count * (part + 1) / parts);
  }
}

int sum_in_halves(int64_t count, int64_t size, int parallel, accumulate_fn body, const void *ctx, float *sum) {
  float *partial = calloc((size_t)size, sizeof(float));
  if (partial == NULL) return -1;
  memset(sum, 0, (size_t)size * sizeof(float));
  const int64_t half = count / 2;
#pragma omp parallel sections num_threads(parallel && thread_count >= 2 ? 2 : 1)
  {
#pragma omp section
    body(ctx, 0, half, sum);
#pragma omp section
    body(ctx, half, count, partial);
  }
  for (int64_t i = 0; i < size; i++) sum[i] += partial[i];
  free(partial);
  return 0;
}
