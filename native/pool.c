// Max-pooling and its gradient, NHWC, split by image between the threads (images never
// share pixels, so their gradients never collide).
#include <math.h>
#include <string.h>
#include "kernels.h"
#include "parallel.h"

// Channels whose window maxima are tracked together.
#define MAX_CHANNELS 64

typedef struct { const pool_geometry *g; const float *x, *dy; float *out; } pool_job;

// The window of output pixel (oy, ox), clipped to the image: rows [*y0, *y1), columns [*x0, *x1).
static void window(const pool_geometry *g, int64_t oy, int64_t ox, int64_t *y0, int64_t *y1, int64_t *x0, int64_t *x1) {
  const int64_t top = oy * g->stride_h - g->pad_top, left = ox * g->stride_w - g->pad_left;
  *y0 = top < 0 ? 0 : top;
  *y1 = top + g->filter_h < g->in_h ? top + g->filter_h : g->in_h;
  *x0 = left < 0 ? 0 : left;
  *x1 = left + g->filter_w < g->in_w ? left + g->filter_w : g->in_w;
}

TARGETS static void max_pool_images(const void *ctx, int64_t from, int64_t to) {
  const pool_job *job = ctx;
  const pool_geometry *g = job->g;
  const int64_t c = g->channels;
  for (int64_t b = from; b < to; b++) {
    const float *x = job->x + b * g->in_h * g->in_w * c;
    float *y = job->out + b * g->out_h * g->out_w * c;
    for (int64_t oy = 0; oy < g->out_h; oy++) {
      for (int64_t ox = 0; ox < g->out_w; ox++, y += c) {
        int64_t y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        for (int64_t k = 0; k < c; k++) y[k] = -INFINITY;
        for (int64_t yy = y0; yy < y1; yy++) {
          for (int64_t xx = x0; xx < x1; xx++) {
            const float *pixel = x + (yy * g->in_w + xx) * c;
            for (int64_t k = 0; k < c; k++) y[k] = pixel[k] > y[k] ? pixel[k] : y[k];
          }
        }
      }
    }
  }
}

void max_pool(const pool_geometry *g, const float *x, float *y) {
  pool_job job = { g, x, NULL, y };
  parallel_for(g->batch, 1, max_pool_images, &job);
}

TARGETS static void max_pool_grad_images(const void *ctx, int64_t from, int64_t to) {
  const pool_job *job = ctx;
  const pool_geometry *g = job->g;
  const int64_t c = g->channels, image = g->in_h * g->in_w * c;
  float best[MAX_CHANNELS];
  int64_t at[MAX_CHANNELS];
  memset(job->out + from * image, 0, (to - from) * image * sizeof(float));
  for (int64_t b = from; b < to; b++) {
    const float *x = job->x + b * image;
    const float *dy = job->dy + b * g->out_h * g->out_w * c;
    float *dx = job->out + b * image;
    for (int64_t oy = 0; oy < g->out_h; oy++) {
      for (int64_t ox = 0; ox < g->out_w; ox++, dy += c) {
        int64_t y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        for (int64_t k0 = 0; k0 < c; k0 += MAX_CHANNELS) {
          const int64_t k1 = k0 + MAX_CHANNELS < c ? k0 + MAX_CHANNELS : c;
          for (int64_t k = k0; k < k1; k++) { best[k - k0] = -INFINITY; at[k - k0] = -1; }
          for (int64_t yy = y0; yy < y1; yy++) {
            for (int64_t xx = x0; xx < x1; xx++) {
              const int64_t pixel = (yy * g->in_w + xx) * c;
              for (int64_t k = k0; k < k1; k++) {
                if (x[pixel + k] > best[k - k0]) { best[k - k0] = x[pixel + k]; at[k - k0] = pixel + k; }
              }
            }
          }
          for (int64_t k = k0; k < k1; k++) if (at[k - k0] >= 0) dx[at[k - k0]] += dy[k];
        }
      }
    }
  }
}

void max_pool_grad(const pool_geometry *g, const float *x, const float *dy, float *dx) {
  pool_job job = { g, x, dy, dx };
  parallel_for(g->batch, 1, max_pool_grad_images, &job);
}
