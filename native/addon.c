// tsdl's native kernels as a Node.js addon (N-API): matrix products (oneDNN or OpenBLAS), 2-D
// convolutions and their gradients, max-pooling and its gradient, the Adam step, and a
// bias and its gradient. Each runs in place on the WebAssembly heap of tfjs's WASM backend
// (a Float32Array over the module's memory, shared or not), so no tensor is copied in or
// out; offsets and sizes are in floats. Built by scripts/build-native.mjs, loaded by
// lib/backend/native/addon.ts.
#include <node_api.h>
#include <stdio.h>
#include <string.h>
#include "fpenv.h"
#include "kernels.h"
#include "parallel.h"

// Runs a kernel with denormals flushed on this (Node's main) thread, restoring its mode after.
#define FAST_FP(call) do { const unsigned fp_ = fast_fp_begin(); call; fast_fp_end(fp_); } while (0)

#define MAX_NUMBERS 18

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

// A call `name(heap, n_1 … n_count)`: the heap as a Float32Array, then `count` numbers.
typedef struct { float *heap; int64_t length; double n[MAX_NUMBERS]; const char *name; } call;

// Reads the call's arguments; returns 0, with a JavaScript error thrown, when they are not that.
static int read_call(napi_env env, napi_callback_info info, const char *name, size_t count, call *c) {
  char message[160];
  size_t argc = MAX_NUMBERS + 1;
  napi_value argv[MAX_NUMBERS + 1];
  napi_typedarray_type type;
  size_t floats;
  void *data = NULL;
  c->name = name;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != count + 1) {
    snprintf(message, sizeof message, "tsdl_native.%s: expected %zu arguments, got %zu", name, count + 1, argc);
  } else if (napi_get_typedarray_info(env, argv[0], &type, &floats, &data, NULL, NULL) != napi_ok || type != napi_float32_array) {
    snprintf(message, sizeof message, "tsdl_native.%s: heap must be a Float32Array", name);
  } else if (data == NULL) {
    snprintf(message, sizeof message, "tsdl_native.%s: the heap view has no data pointer", name);
  } else {
    for (size_t i = 0; i < count; i++) {
      if (napi_get_value_double(env, argv[i + 1], &c->n[i]) != napi_ok) {
        snprintf(message, sizeof message, "tsdl_native.%s: argument %zu must be a number", name, i + 2);
        fail(env, message);
        return 0;
      }
    }
    c->heap = (float *)data;
    c->length = (int64_t)floats;
    return 1;
  }
  fail(env, message);
  return 0;
}

// The array of `floats` floats at offset `c->n[arg]`, or NULL (with an error thrown) when it
// does not lie inside the heap.
static float *array(napi_env env, const call *c, int arg, int64_t floats) {
  const int64_t offset = (int64_t)c->n[arg];
  if (offset < 0 || floats < 0 || offset + floats > c->length) {
    char message[200];
    snprintf(message, sizeof message, "tsdl_native.%s: argument %d (%lld floats at %lld) reaches past the end of the heap (%lld floats)",
             c->name, arg + 2, (long long)floats, (long long)offset, (long long)c->length);
    fail(env, message);
    return NULL;
  }
  return c->heap + offset;
}

static int positive(napi_env env, const call *c, int from, int to) {
  for (int i = from; i < to; i++) {
    if (!(c->n[i] >= 1)) {
      char message[160];
      snprintf(message, sizeof message, "tsdl_native.%s: argument %d must be at least 1, got %g", c->name, i + 2, c->n[i]);
      fail(env, message);
      return 0;
    }
  }
  return 1;
}

// sgemm(heap, offA, offB, offC, M, N, K, transA, transB, alpha, beta, batch, strideA, strideB, strideC)
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  call c;
  if (!read_call(env, info, "sgemm", 14, &c) || !positive(env, &c, 3, 6) || !positive(env, &c, 10, 11)) return NULL;
  const int64_t m = (int64_t)c.n[3], n = (int64_t)c.n[4], k = (int64_t)c.n[5], batch = (int64_t)c.n[10];
  const int64_t sa = (int64_t)c.n[11], sb = (int64_t)c.n[12], sc = (int64_t)c.n[13];
  if (sa < 0 || sb < 0 || sc < 0) return fail(env, "tsdl_native.sgemm: strides must be non-negative");
  const float *a = array(env, &c, 0, (batch - 1) * sa + m * k);
  const float *b = a ? array(env, &c, 1, (batch - 1) * sb + k * n) : NULL;
  float *out = b ? array(env, &c, 2, (batch - 1) * sc + m * n) : NULL;
  if (out == NULL) return NULL;
  FAST_FP(gemm(a, b, out, m, n, k, c.n[6] != 0, c.n[7] != 0, (float)c.n[8], (float)c.n[9], batch, sa, sb, sc));
  return NULL;
}

// adam(heap, w0, g, m0, v0, w1, m1, v1, count, lr, beta1, beta2, epsilon, correction1, correction2)
static napi_value Adam(napi_env env, napi_callback_info info) {
  call c;
  if (!read_call(env, info, "adam", 14, &c)) return NULL;
  const int64_t count = (int64_t)c.n[7];
  float *t[7];
  for (int i = 0; i < 7; i++) if ((t[i] = array(env, &c, i, count)) == NULL) return NULL;
  const adam_hyper h = { (float)c.n[8], (float)c.n[9], (float)c.n[10], (float)c.n[11], (float)c.n[12], (float)c.n[13] };
  FAST_FP(adam(&h, t[0], t[1], t[2], t[3], t[4], t[5], t[6], count));
  return NULL;
}

// Pool geometry from c->n[from …]: inH, inW, channels, outH, outW, strideH, strideW,
// filterH, filterW, padTop, padLeft, batch.
static int pool_geometry_at(napi_env env, const call *c, int from, pool_geometry *g) {
  const double *q = c->n + from;
  *g = (pool_geometry){ .in_h = q[0], .in_w = q[1], .channels = q[2], .out_h = q[3], .out_w = q[4], .stride_h = q[5],
    .stride_w = q[6], .filter_h = q[7], .filter_w = q[8], .pad_top = q[9], .pad_left = q[10], .batch = q[11] };
  return positive(env, c, from, from + 9) && positive(env, c, from + 11, from + 12);
}

// maxPool(heap, x, y, <pool geometry>)
static napi_value MaxPool(napi_env env, napi_callback_info info) {
  call c;
  pool_geometry g;
  if (!read_call(env, info, "maxPool", 14, &c) || !pool_geometry_at(env, &c, 2, &g)) return NULL;
  const float *x = array(env, &c, 0, g.batch * g.in_h * g.in_w * g.channels);
  float *y = x ? array(env, &c, 1, g.batch * g.out_h * g.out_w * g.channels) : NULL;
  if (y != NULL) FAST_FP(max_pool(&g, x, y));
  return NULL;
}

// maxPoolGrad(heap, x, dy, dx, <pool geometry>)
static napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  call c;
  pool_geometry g;
  if (!read_call(env, info, "maxPoolGrad", 15, &c) || !pool_geometry_at(env, &c, 3, &g)) return NULL;
  const int64_t image = g.batch * g.in_h * g.in_w * g.channels;
  const float *x = array(env, &c, 0, image);
  const float *dy = x ? array(env, &c, 1, g.batch * g.out_h * g.out_w * g.channels) : NULL;
  float *dx = dy ? array(env, &c, 2, image) : NULL;
  if (dx != NULL) FAST_FP(max_pool_grad(&g, x, dy, dx));
  return NULL;
}

// Conv geometry from c->n[3 …]: batch, inH, inW, inC, outH, outW, outC, filterH, filterW,
// strideH, strideW, dilationH, dilationW, padTop, padLeft.
static int conv_geometry_at(napi_env env, const call *c, conv_geometry *g) {
  const double *q = c->n + 3;
  *g = (conv_geometry){ .batch = q[0], .in_h = q[1], .in_w = q[2], .in_c = q[3], .out_h = q[4], .out_w = q[5],
    .out_c = q[6], .filter_h = q[7], .filter_w = q[8], .stride_h = q[9], .stride_w = q[10], .dilation_h = q[11],
    .dilation_w = q[12], .pad_top = q[13], .pad_left = q[14] };
  return positive(env, c, 3, 16);
}

typedef int (*conv_kernel)(const conv_geometry *, const float *, const float *, float *);

// conv2d(heap, x, filter, y, <conv geometry>), conv2dBackpropFilter(heap, x, dy, dfilter, …),
// conv2dBackpropInput(heap, dy, filter, dx, …): which of image, filter and output each
// argument is follows from the kernel.
static napi_value run_conv(napi_env env, napi_callback_info info, const char *name, conv_kernel kernel,
                           int image_arg, int filter_arg, int output_arg) {
  call c;
  conv_geometry g;
  if (!read_call(env, info, name, 18, &c) || !conv_geometry_at(env, &c, &g)) return NULL;
  int64_t sizes[3];
  sizes[image_arg] = g.batch * g.in_h * g.in_w * g.in_c;
  sizes[filter_arg] = g.filter_h * g.filter_w * g.in_c * g.out_c;
  sizes[output_arg] = g.batch * g.out_h * g.out_w * g.out_c;
  float *t[3];
  for (int i = 0; i < 3; i++) if ((t[i] = array(env, &c, i, sizes[i])) == NULL) return NULL;
  int status;
  FAST_FP(status = kernel(&g, t[0], t[1], t[2]));
  if (status != 0) {
    char message[160];
    snprintf(message, sizeof message, "tsdl_native.%s: out of memory for the image patches", name);
    return fail(env, message);
  }
  return NULL;
}

// sizes[] is indexed by argument: image, filter and "output" (the gradient dy, or y).
static napi_value Conv2d(napi_env env, napi_callback_info info) {
  return run_conv(env, info, "conv2d", conv2d, 0, 1, 2);
}
static napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  return run_conv(env, info, "conv2dBackpropFilter", conv2d_backprop_filter, 0, 2, 1);
}
static napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  return run_conv(env, info, "conv2dBackpropInput", conv2d_backprop_input, 2, 1, 0);
}

// addRow(heap, x, row, y, rows, cols): y = x + row, row broadcast over the rows.
static napi_value AddRow(napi_env env, napi_callback_info info) {
  call c;
  if (!read_call(env, info, "addRow", 5, &c) || !positive(env, &c, 3, 5)) return NULL;
  const int64_t rows = (int64_t)c.n[3], cols = (int64_t)c.n[4];
  const float *x = array(env, &c, 0, rows * cols);
  const float *row = x ? array(env, &c, 1, cols) : NULL;
  float *y = row ? array(env, &c, 2, rows * cols) : NULL;
  if (y != NULL) FAST_FP(add_row(x, row, y, rows, cols));
  return NULL;
}

// sumRows(heap, x, y, rows, cols): y = the sum of x's rows.
static napi_value SumRows(napi_env env, napi_callback_info info) {
  call c;
  if (!read_call(env, info, "sumRows", 4, &c) || !positive(env, &c, 2, 4)) return NULL;
  const int64_t rows = (int64_t)c.n[2], cols = (int64_t)c.n[3];
  const float *x = array(env, &c, 0, rows * cols);
  float *y = x ? array(env, &c, 1, cols) : NULL;
  if (y == NULL) return NULL;
  int status;
  FAST_FP(status = sum_rows(x, y, rows, cols));
  return status == 0 ? NULL : fail(env, "tsdl_native.sumRows: out of memory for the partial sums");
}

static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t threads;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1
      || napi_get_value_int32(env, argv[0], &threads) != napi_ok || threads < 1) {
    return fail(env, "tsdl_native.setThreads: expected one integer, at least 1");
  }
  gemm_set_threads(threads);
  tsdl_set_threads(threads);
  return NULL;
}

static napi_value string(napi_env env, const char *text) {
  napi_value result;
  return napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &result) == napi_ok ? result : NULL;
}

static napi_value Threads(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  return napi_create_int32(env, tsdl_threads(), &result) == napi_ok ? result : NULL;
}

// { library, core }: what runs the matrix products, e.g. { "oneDNN 2.6.3", "avx512_core_amx" }.
static napi_value Gemm(napi_env env, napi_callback_info info) {
  char library[64], core[64];
  napi_value result;
  (void)info;
  gemm_describe(library, sizeof library, core, sizeof core);
  if (napi_create_object(env, &result) != napi_ok
      || napi_set_named_property(env, result, "library", string(env, library)) != napi_ok
      || napi_set_named_property(env, result, "core", string(env, core)) != napi_ok) return NULL;
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  const char *why = gemm_init();
  if (why != NULL) return fail(env, why);
  const napi_property_attributes a = napi_writable | napi_enumerable | napi_configurable;
  napi_property_descriptor properties[] = {
    { "sgemm", NULL, Sgemm, NULL, NULL, NULL, a, NULL },
    { "adam", NULL, Adam, NULL, NULL, NULL, a, NULL },
    { "maxPool", NULL, MaxPool, NULL, NULL, NULL, a, NULL },
    { "maxPoolGrad", NULL, MaxPoolGrad, NULL, NULL, NULL, a, NULL },
    { "conv2d", NULL, Conv2d, NULL, NULL, NULL, a, NULL },
    { "conv2dBackpropFilter", NULL, Conv2dBackpropFilter, NULL, NULL, NULL, a, NULL },
    { "conv2dBackpropInput", NULL, Conv2dBackpropInput, NULL, NULL, NULL, a, NULL },
    { "addRow", NULL, AddRow, NULL, NULL, NULL, a, NULL },
    { "sumRows", NULL, SumRows, NULL, NULL, NULL, a, NULL },
    { "setThreads", NULL, SetThreads, NULL, NULL, NULL, a, NULL },
    { "threads", NULL, Threads, NULL, NULL, NULL, a, NULL },
    { "gemm", NULL, Gemm, NULL, NULL, NULL, a, NULL },
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
