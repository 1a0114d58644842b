// tsdl's native kernels. Each works on plain float arrays (NHWC images, row-major
// matrices); addon.c finds the arrays on the WebAssembly heap and checks their bounds.
#ifndef TSDL_KERNELS_H
#define TSDL_KERNELS_H
#include <stddef.h>
#include <stdint.h>

// gemm.c (oneDNN or OpenBLAS): C_i = alpha·op(A_i)·op(B_i) + beta·C_i for i < batch (row-major; a stride of 0
// repeats one matrix over the batch).
void gemm(const float *a, const float *b, float *c, int64_t m, int64_t n, int64_t k, int trans_a, int trans_b,
          float alpha, float beta, int64_t batch, int64_t stride_a, int64_t stride_b, int64_t stride_c);
// Opens OpenBLAS; returns NULL, or why it could not.
const char *gemm_init(void);
void gemm_set_threads(int threads);
// The library ("oneDNN 2.6.3", "OpenBLAS") and the kernels it runs ("avx512_core", "SkylakeX").
void gemm_describe(char *library, size_t library_size, char *core, size_t core_size);

// conv.c: 2-D convolution, NHWC images and [fH, fW, inC, outC] filters, as tfjs's Conv2DInfo.
// Each returns 0, or -1 when its scratch memory could not be allocated.
typedef struct {
  int64_t batch, in_h, in_w, in_c, out_h, out_w, out_c;
  int64_t filter_h, filter_w, stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
} conv_geometry;
int conv2d(const conv_geometry *g, const float *x, const float *filter, float *y);
int conv2d_backprop_filter(const conv_geometry *g, const float *x, const float *dy, float *dfilter);
int conv2d_backprop_input(const conv_geometry *g, const float *dy, const float *filter, float *dx);

// pool.c: max-pooling, NHWC, as tfjs's Pool2DInfo; windows see only pixels inside the image.
typedef struct {
  int64_t batch, in_h, in_w, channels, out_h, out_w, stride_h, stride_w, filter_h, filter_w, pad_top, pad_left;
} pool_geometry;
void max_pool(const pool_geometry *g, const float *x, float *y);
// Each window adds its output gradient where its first maximum (row-major window order) is.
void max_pool_grad(const pool_geometry *g, const float *x, const float *dy, float *dx);

// adam.c: one Adam step, tfjs's formula: m1 = β₁m0 + (1−β₁)g, v1 = β₂v0 + (1−β₂)g²,
// w1 = w0 − lr/c₁·m1/(√(v1/c₂) + ε), with c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ.
typedef struct { float lr, beta1, beta2, epsilon, correction1, correction2; } adam_hyper;
void adam(const adam_hyper *h, const float *w0, const float *g, const float *m0, const float *v0,
          float *w1, float *m1, float *v1, int64_t count);

// rows.c: a [rows, cols] matrix and one row (a bias and its gradient).
void add_row(const float *x, const float *row, float *y, int64_t rows, int64_t cols);  // y = x + row
int sum_rows(const float *x, float *y, int64_t rows, int64_t cols);                     // y = Σ_r x[r]; -1: out of memory

#endif
