// Convolutions as matrix products (im2col). The patches of a chunk of images form a matrix
// P [pixels, fH·fW·inC], one row per output pixel; the filter, [fH, fW, inC, outC] in
// memory, is already the matrix F [fH·fW·inC, outC]. Then
//   forward          Y  = P·F
//   filter gradient  dF = Σ_chunks Pᵀ·dY
//   input gradient   dP = dY·Fᵀ, scattered back onto the pixels it came from (col2im).
// Chunks keep P near CHUNK_FLOATS floats, whatever the batch. Layers with few input
// channels run direct loops instead (below).
#include <stdlib.h>
#include <string.h>
#include "kernels.h"
#include "parallel.h"

#define CHUNK_FLOATS (4 << 20)

static float *scratch = NULL;
static size_t scratch_floats = 0;

// A buffer of at least `floats`, kept between calls (the kernels run on one thread at a time).
static float *patches_buffer(size_t floats) {
  if (floats > scratch_floats) {
    free(scratch);
    scratch = malloc(floats * sizeof(float));
    scratch_floats = scratch == NULL ? 0 : floats;
  }
  return scratch;
}

static int64_t patch_size(const conv_geometry *g) { return g->filter_h * g->filter_w * g->in_c; }
static int64_t image_pixels(const conv_geometry *g) { return g->out_h * g->out_w; }

static int64_t images_per_chunk(const conv_geometry *g) {
  int64_t per_image = image_pixels(g) * patch_size(g);
  int64_t n = per_image > 0 ? CHUNK_FLOATS / per_image : g->batch;
  if (n < 1) n = 1;
  return n < g->batch ? n : g->batch;
}

typedef struct { const conv_geometry *g; const float *x; float *patches; } im2col_job;

// The patches of output rows [from, to), counting rows from the chunk's first image.
TARGETS static void im2col_rows(const void *ctx, int64_t from, int64_t to) {
  const im2col_job *job = ctx;
  const conv_geometry *g = job->g;
  const int64_t c = g->in_c, size = patch_size(g);
  for (int64_t r = from; r < to; r++) {
    const int64_t image = r / g->out_h, oy = r % g->out_h;
    const float *x = job->x + image * g->in_h * g->in_w * c;
    float *out = job->patches + r * g->out_w * size;
    for (int64_t ox = 0; ox < g->out_w; ox++) {
      for (int64_t i = 0; i < g->filter_h; i++) {
        const int64_t y = oy * g->stride_h - g->pad_top + i * g->dilation_h;
        for (int64_t j = 0; j < g->filter_w; j++, out += c) {
          const int64_t xx = ox * g->stride_w - g->pad_left + j * g->dilation_w;
          if (y < 0 || y >= g->in_h || xx < 0 || xx >= g->in_w) memset(out, 0, c * sizeof(float));
          else memcpy(out, x + (y * g->in_w + xx) * c, c * sizeof(float));
        }
      }
    }
  }
}

static float *im2col(const conv_geometry *g, const float *x, int64_t images) {
  float *patches = patches_buffer((size_t)(images * image_pixels(g) * patch_size(g)));
  if (patches == NULL) return NULL;
  im2col_job job = { g, x, patches };
  parallel_for(images * g->out_h, 4, im2col_rows, &job);
  return patches;
}

// Few input channels (a first layer's grey or RGB pixels): the patch matrix would have only
// fH·fW·inC columns, which matrix products handle poorly. The direct loops below run over
// output pixels and vectorise over the output channels instead.
// They need a multiple of BLOCK output channels (16 floats: one AVX-512 register).
#define DIRECT_MAX_IN_C 4
#define DIRECT_MAX_K 256
#define BLOCK 16

static int direct(const conv_geometry *g) {
  return g->in_c <= DIRECT_MAX_IN_C && g->filter_h * g->filter_w * g->in_c <= DIRECT_MAX_K && g->out_c % BLOCK == 0;
}

typedef struct { const conv_geometry *g; const float *x, *filter, *dy; float *out; } direct_job;

// Where each of the K = fH·fW·inC values of a patch sits, relative to the window's first
// pixel: the direct loops read a window that lies inside the image through these offsets.
typedef struct { int64_t k, offset[DIRECT_MAX_K]; } taps;

static void patch_offsets(const conv_geometry *g, taps *t) {
  t->k = 0;
  for (int64_t i = 0; i < g->filter_h; i++)
    for (int64_t j = 0; j < g->filter_w; j++)
      for (int64_t c = 0; c < g->in_c; c++) t->offset[t->k++] = (i * g->dilation_h * g->in_w + j * g->dilation_w) * g->in_c + c;
}

// The first pixel of output pixel (oy, ox)'s window, or NULL when the window reaches past
// the image's edge (then the caller checks each tap).
static const float *inside(const conv_geometry *g, const float *x, int64_t oy, int64_t ox) {
  const int64_t top = oy * g->stride_h - g->pad_top, left = ox * g->stride_w - g->pad_left;
  if (top < 0 || left < 0 || top + (g->filter_h - 1) * g->dilation_h >= g->in_h
      || left + (g->filter_w - 1) * g->dilation_w >= g->in_w) return NULL;
  return x + (top * g->in_w + left) * g->in_c;
}

// Calls `tap(k, v)` for each patch value v of output pixel (oy, ox) that lies inside the image.
#define FOR_EACH_TAP_CHECKED(g, x, oy, ox, BODY)                                              \
  for (int64_t i_ = 0; i_ < (g)->filter_h; i_++) {                                           \
    const int64_t yy_ = (oy) * (g)->stride_h - (g)->pad_top + i_ * (g)->dilation_h;          \
    if (yy_ < 0 || yy_ >= (g)->in_h) continue;                                               \
    for (int64_t j_ = 0; j_ < (g)->filter_w; j_++) {                                         \
      const int64_t xx_ = (ox) * (g)->stride_w - (g)->pad_left + j_ * (g)->dilation_w;       \
      if (xx_ < 0 || xx_ >= (g)->in_w) continue;                                             \
      for (int64_t c_ = 0; c_ < (g)->in_c; c_++) {                                           \
        const int64_t k = (i_ * (g)->filter_w + j_) * (g)->in_c + c_;                        \
        const float v = (x)[(yy_ * (g)->in_w + xx_) * (g)->in_c + c_];                       \
        BODY                                                                                 \
      }                                                                                      \
    }                                                                                        \
  }

// Output rows [from, to) of the batch (row r is image r / outH, row r % outH):
// y[pixel] = Σ_k patch[k] · filter[k], BLOCK output channels at a time, summed in registers.
TARGETS static void direct_forward(const void *ctx, int64_t from, int64_t to) {
  const direct_job *job = ctx;
  const conv_geometry *g = job->g;
  const int64_t out_c = g->out_c;
  taps t;
  patch_offsets(g, &t);
  for (int64_t r = from; r < to; r++) {
    const int64_t image = r / g->out_h, oy = r % g->out_h;
    const float *x = job->x + image * g->in_h * g->in_w * g->in_c;
    for (int64_t ox = 0; ox < g->out_w; ox++) {
      float *y = job->out + (r * g->out_w + ox) * out_c;
      const float *window = inside(g, x, oy, ox);
      for (int64_t o0 = 0; o0 < out_c; o0 += BLOCK) {
        const float *w = job->filter + o0;
        float sum[BLOCK] = { 0 };
        if (window != NULL) {
          for (int64_t k = 0; k < t.k; k++) {
            const float v = window[t.offset[k]];
            for (int o = 0; o < BLOCK; o++) sum[o] += v * w[k * out_c + o];
          }
        } else {
          FOR_EACH_TAP_CHECKED(g, x, oy, ox, { for (int o = 0; o < BLOCK; o++) sum[o] += v * w[k * out_c + o]; })
        }
        for (int o = 0; o < BLOCK; o++) y[o0 + o] = sum[o];
      }
    }
  }
}

// Adds to `dfilter` the filter gradient of output rows [from, to): dfilter[k] += patch[k]·dy.
TARGETS static void direct_filter_grad(const void *ctx, int64_t from, int64_t to, float *restrict dfilter) {
  const direct_job *job = ctx;
  const conv_geometry *g = job->g;
  const float *x_all = job->x, *dy_all = job->dy;
  const int64_t out_c = g->out_c;
  taps t;
  patch_offsets(g, &t);
  for (int64_t r = from; r < to; r++) {
    const int64_t image = r / g->out_h, oy = r % g->out_h;
    const float *x = x_all + image * g->in_h * g->in_w * g->in_c;
    for (int64_t ox = 0; ox < g->out_w; ox++) {
      const float *dy = dy_all + (r * g->out_w + ox) * out_c;
      const float *window = inside(g, x, oy, ox);
      if (window != NULL) {
        for (int64_t k = 0; k < t.k; k++) {
          const float v = window[t.offset[k]];
          float *dw = dfilter + k * out_c;
          for (int64_t o = 0; o < out_c; o++) dw[o] += v * dy[o];
        }
      } else {
        FOR_EACH_TAP_CHECKED(g, x, oy, ox, {
          float *dw = dfilter + k * out_c;
          for (int64_t o = 0; o < out_c; o++) dw[o] += v * dy[o];
        })
      }
    }
  }
}

// The filter gradient, summed over halves of the output rows (sum_in_halves).
static int direct_backprop_filter(const conv_geometry *g, const float *x, const float *dy, float *dfilter) {
  direct_job job = { g, x, NULL, dy, NULL };
  return sum_in_halves(g->batch * g->out_h, patch_size(g) * g->out_c, 1, direct_filter_grad, &job, dfilter);
}

int conv2d(const conv_geometry *g, const float *x, const float *filter, float *y) {
  if (direct(g)) {
    direct_job job = { g, x, filter, NULL, y };
    parallel_for(g->batch * g->out_h, 16, direct_forward, &job);
    return 0;
  }
  const int64_t chunk = images_per_chunk(g), size = patch_size(g), pixels = image_pixels(g);
  for (int64_t first = 0; first < g->batch; first += chunk) {
    const int64_t images = first + chunk <= g->batch ? chunk : g->batch - first;
    const float *patches = im2col(g, x + first * g->in_h * g->in_w * g->in_c, images);
    if (patches == NULL) return -1;
    gemm(patches, filter, y + first * pixels * g->out_c, images * pixels, g->out_c, size, 0, 0, 1, 0, 1, 0, 0, 0);
  }
  return 0;
}

int conv2d_backprop_filter(const conv_geometry *g, const float *x, const float *dy, float *dfilter) {
  if (direct(g)) return direct_backprop_filter(g, x, dy, dfilter);
  const int64_t chunk = images_per_chunk(g), size = patch_size(g), pixels = image_pixels(g);
  for (int64_t first = 0; first < g->batch; first += chunk) {
    const int64_t images = first + chunk <= g->batch ? chunk : g->batch - first;
    const float *patches = im2col(g, x + first * g->in_h * g->in_w * g->in_c, images);
    if (patches == NULL) return -1;
    gemm(patches, dy + first * pixels * g->out_c, dfilter, size, g->out_c, images * pixels, 1, 0,
         1, first == 0 ? 0 : 1, 1, 0, 0, 0);
  }
  return 0;
}

typedef struct { const conv_geometry *g; const float *patches; float *dx; } col2im_job;

// Images [from, to) of the chunk: each adds its patch gradients onto its own pixels.
TARGETS static void col2im_images(const void *ctx, int64_t from, int64_t to) {
  const col2im_job *job = ctx;
  const conv_geometry *g = job->g;
  const int64_t c = g->in_c, size = patch_size(g), pixels = image_pixels(g);
  for (int64_t image = from; image < to; image++) {
    float *dx = job->dx + image * g->in_h * g->in_w * c;
    memset(dx, 0, g->in_h * g->in_w * c * sizeof(float));
    for (int64_t p = 0; p < pixels; p++) {
      const int64_t oy = p / g->out_w, ox = p % g->out_w;
      const float *patch = job->patches + (image * pixels + p) * size;
      for (int64_t i = 0; i < g->filter_h; i++) {
        const int64_t y = oy * g->stride_h - g->pad_top + i * g->dilation_h;
        for (int64_t j = 0; j < g->filter_w; j++, patch += c) {
          const int64_t xx = ox * g->stride_w - g->pad_left + j * g->dilation_w;
          if (y < 0 || y >= g->in_h || xx < 0 || xx >= g->in_w) continue;
          float *to_pixel = dx + (y * g->in_w + xx) * c;
          for (int64_t k = 0; k < c; k++) to_pixel[k] += patch[k];
        }
      }
    }
  }
}

int conv2d_backprop_input(const conv_geometry *g, const float *dy, const float *filter, float *dx) {
  const int64_t chunk = images_per_chunk(g), size = patch_size(g), pixels = image_pixels(g);
  for (int64_t first = 0; first < g->batch; first += chunk) {
    const int64_t images = first + chunk <= g->batch ? chunk : g->batch - first;
    float *patches = patches_buffer((size_t)(images * pixels * size));
    if (patches == NULL) return -1;
    gemm(dy + first * pixels * g->out_c, filter, patches, images * pixels, size, g->out_c, 0, 1, 1, 0, 1, 0, 0, 0);
    col2im_job job = { g, patches, dx + first * g->in_h * g->in_w * g->in_c };
    parallel_for(images, 1, col2im_images, &job);
  }
  return 0;
}
