// tsdl's optional native matrix product: OpenBLAS's sgemm (and the Adam step and max-pool gradient in C), run in place on the
// WebAssembly heap of tfjs's WASM backend (a Float32Array over the module's memory,
// shared or not), so no tensor is copied in or out. Built by scripts/build-native.mjs;
// loaded by lib/backend/native-blas.ts when present.
#include <cblas.h>
#include <node_api.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "tsdl_blas: " #call " failed"); return NULL; } } while (0)

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

#define MAX_NUMBERS 15

// Reads a call `name(heap, n_1 … n_count)`: the heap as a Float32Array, then `count` numbers.
// Returns 0, with a JavaScript error thrown, when the arguments are not that.
static int heap_call(napi_env env, napi_callback_info info, const char *name, size_t count,
                     float **heap, int64_t *length, double *numbers) {
  char message[160];
  size_t argc = MAX_NUMBERS + 1;
  napi_value argv[MAX_NUMBERS + 1];
  napi_typedarray_type type;
  size_t floats;
  void *data = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != count + 1) {
    snprintf(message, sizeof message, "tsdl_blas.%s: expected %zu arguments, got %zu", name, count + 1, argc);
  } else if (napi_get_typedarray_info(env, argv[0], &type, &floats, &data, NULL, NULL) != napi_ok || type != napi_float32_array) {
    snprintf(message, sizeof message, "tsdl_blas.%s: heap must be a Float32Array", name);
  } else if (data == NULL) {
    snprintf(message, sizeof message, "tsdl_blas.%s: the heap view has no data pointer", name);
  } else {
    for (size_t i = 0; i < count; i++) {
      if (napi_get_value_double(env, argv[i + 1], &numbers[i]) != napi_ok) {
        snprintf(message, sizeof message, "tsdl_blas.%s: argument %zu must be a number", name, i + 2);
        fail(env, message);
        return 0;
      }
    }
    *heap = (float *)data;
    *length = (int64_t)floats;
    return 1;
  }
  fail(env, message);
  return 0;
}

// sgemm(heap, offA, offB, offC, M, N, K, transA, transB, alpha, beta, batch, strideA, strideB, strideC)
// Row-major, offsets and strides in floats. For each batch i:
//   C_i = alpha * op(A_i) * op(B_i) + beta * C_i, op(A_i) M×K, op(B_i) K×N, C_i M×N.
// A stride of 0 repeats one matrix over the batch (broadcasting).
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  float *heap;
  int64_t n;
  double v[14];
  if (!heap_call(env, info, "sgemm", 14, &heap, &n, v)) return NULL;
  int64_t offA = (int64_t)v[0], offB = (int64_t)v[1], offC = (int64_t)v[2];
  int64_t M = (int64_t)v[3], N = (int64_t)v[4], K = (int64_t)v[5];
  int transA = v[6] != 0, transB = v[7] != 0;
  float alpha = (float)v[8], beta = (float)v[9];
  int64_t batch = (int64_t)v[10], sA = (int64_t)v[11], sB = (int64_t)v[12], sC = (int64_t)v[13];
  if (M <= 0 || N <= 0 || K <= 0 || batch <= 0 || offA < 0 || offB < 0 || offC < 0 || sA < 0 || sB < 0 || sC < 0) {
    return fail(env, "tsdl_blas.sgemm: sizes must be positive and offsets non-negative");
  }
  if (offA + (batch - 1) * sA + M * K > n || offB + (batch - 1) * sB + K * N > n || offC + (batch - 1) * sC + M * N > n) {
    return fail(env, "tsdl_blas.sgemm: an operand reaches past the end of the heap");
  }
  int lda = transA ? (int)M : (int)K;
  int ldb = transB ? (int)K : (int)N;
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                (int)M, (int)N, (int)K, alpha, heap + offA + i * sA, lda, heap + offB + i * sB, ldb,
                beta, heap + offC + i * sC, (int)N);
  }
  return NULL;
}

// adam(heap, w0, g, m0, v0, w1, m1, v1, count, lr, beta1, beta2, epsilon, correction1, correction2)
// One Adam step over `count` floats, as lib/backend/kernels/heap-math.ts's adamRange
// (offsets in floats): m1 = β₁m0 + (1−β₁)g, v1 = β₂v0 + (1−β₂)g², w1 = w0 − lr/c₁·m1/(√(v1/c₂)+ε).
static napi_value Adam(napi_env env, napi_callback_info info) {
  float *heap;
  int64_t length;
  double v[14];
  if (!heap_call(env, info, "adam", 14, &heap, &length, v)) return NULL;
  int64_t count = (int64_t)v[7];
  for (int i = 0; i < 7; i++) {
    if (v[i] < 0 || (int64_t)v[i] + count > length) return fail(env, "tsdl_blas.adam: a tensor reaches past the end of the heap");
  }
  const float *restrict w0 = heap + (int64_t)v[0], *restrict g = heap + (int64_t)v[1];
  const float *restrict m0 = heap + (int64_t)v[2], *restrict v0 = heap + (int64_t)v[3];
  float *restrict w1 = heap + (int64_t)v[4], *restrict m1 = heap + (int64_t)v[5], *restrict v1 = heap + (int64_t)v[6];
  const float beta1 = (float)v[9], beta2 = (float)v[10], epsilon = (float)v[11];
  const float step = (float)(v[8] / v[12]), scale2 = (float)(1.0 / v[13]);  // lr / c₁, 1 / c₂
  for (int64_t i = 0; i < count; i++) {
    float gi = g[i];
    float mi = beta1 * m0[i] + (1 - beta1) * gi;
    float vi = beta2 * v0[i] + (1 - beta2) * gi * gi;
    m1[i] = mi;
    v1[i] = vi;
    w1[i] = w0[i] - (step * mi) / (sqrtf(vi * scale2) + epsilon);
  }
  return NULL;
}

// maxPoolGrad(heap, x, dy, dx, inHeight, inWidth, channels, outHeight, outWidth, strideHeight,
//             strideWidth, filterHeight, filterWidth, padTop, padLeft, batch)
// The max-pool gradient (NHWC), as heap-math.ts's maxPoolGradRange: each window adds its
// output gradient where its first maximum (row-major window order) is.
static napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  float *heap;
  int64_t length;
  double numbers[15];
  if (!heap_call(env, info, "maxPoolGrad", 15, &heap, &length, numbers)) return NULL;
  int64_t q[15];
  for (int i = 0; i < 15; i++) q[i] = (int64_t)numbers[i];
  const int64_t inH = q[3], inW = q[4], C = q[5], outH = q[6], outW = q[7], sH = q[8], sW = q[9];
  const int64_t fH = q[10], fW = q[11], padTop = q[12], padLeft = q[13], batch = q[14];
  const int64_t imageSize = inH * inW * C, outSize = outH * outW * C;
  if (q[0] < 0 || q[1] < 0 || q[2] < 0 || q[0] + batch * imageSize > length
      || q[1] + batch * outSize > length || q[2] + batch * imageSize > length) {
    return fail(env, "tsdl_blas.maxPoolGrad: a tensor reaches past the end of the heap");
  }
  const float *x = heap + q[0], *dy = heap + q[1];
  float *dx = heap + q[2];
  for (int64_t i = 0; i < batch * imageSize; i++) dx[i] = 0;
  for (int64_t b = 0; b < batch; b++) {
    const float *xImage = x + b * imageSize;
    float *dxImage = dx + b * imageSize;
    for (int64_t oy = 0; oy < outH; oy++) {
      const int64_t y0 = oy * sH - padTop;
      const int64_t yFrom = y0 < 0 ? 0 : y0, yTo = y0 + fH < inH ? y0 + fH : inH;
      for (int64_t ox = 0; ox < outW; ox++) {
        const int64_t x0 = ox * sW - padLeft;
        const int64_t xFrom = x0 < 0 ? 0 : x0, xTo = x0 + fW < inW ? x0 + fW : inW;
        const float *g = dy + ((b * outH + oy) * outW + ox) * C;
        for (int64_t c = 0; c < C; c++) {
          float best = -INFINITY;
          int64_t at = -1;
          for (int64_t y = yFrom; y < yTo; y++) {
            for (int64_t xx = xFrom; xx < xTo; xx++) {
              const int64_t i = (y * inW + xx) * C + c;
              if (xImage[i] > best) { best = xImage[i]; at = i; }
            }
          }
          if (at >= 0) dxImage[at] += g[c];
        }
      }
    }
  }
  return NULL;
}

static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t threads;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1) return fail(env, "tsdl_blas.setThreads: expected 1 argument");
  CHECK(napi_get_value_int32(env, argv[0], &threads));
  if (threads < 1) return fail(env, "tsdl_blas.setThreads: threads must be at least 1");
  openblas_set_num_threads(threads);
  return NULL;
}

static napi_value Threads(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &result));
  return result;
}

static napi_value Config(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
    { "sgemm", NULL, Sgemm, NULL, NULL, NULL, napi_writable | napi_enumerable | napi_configurable, NULL },
    { "adam", NULL, Adam, NULL, NULL, NULL, napi_writable | napi_enumerable | napi_configurable, NULL },
    { "maxPoolGrad", NULL, MaxPoolGrad, NULL, NULL, NULL, napi_writable | napi_enumerable | napi_configurable, NULL },
    { "setThreads", NULL, SetThreads, NULL, NULL, NULL, napi_writable | napi_enumerable | napi_configurable, NULL },
    { "threads", NULL, Threads, NULL, NULL, NULL, napi_writable | napi_enumerable | napi_configurable, NULL },
    { "config", NULL, Config, NULL, NULL, NULL, napi_writable | napi_enumerable | napi_configurable, NULL },
  };
  CHECK(napi_define_properties(env, exports, 6, properties));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
