// Matrix products: OpenBLAS's sgemm, which runs on threads of its own. OpenBLAS is opened
// here (not linked) so that its threads, which it starts when it loads, are created with
// denormals flushed (fpenv.h) and keep that. Its kernels are chosen by CPU model;
// lib/backend/native/addon.ts names the core from the CPU's features (OPENBLAS_CORETYPE) where
// OpenBLAS would fall back to a generic one.
//
// oneDNN 2.6.3 (Debian's libdnnl, what Debian's PyTorch uses) was measured too: its sgemm
// is ~20% faster on the course CNN's products here, but with it loaded into Node, signals
// (Node's SIGINT, which interrupts a cell; the CPU profiler's SIGPROF) corrupt the heap
// within seconds, even with every signal blocked around its calls.
#include <dlfcn.h>
#include <stdio.h>
#include "fpenv.h"
#include "kernels.h"

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };  // cblas.h's values
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);

static sgemm_fn cblas_sgemm;
static void (*set_num_threads)(int);
static char *(*get_corename)(void);

const char *gemm_init(void) {
  const unsigned fp = fast_fp_begin();  // inherited by the threads OpenBLAS starts now
  void *library = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  fast_fp_end(fp);
  if (library == NULL) return "libopenblas.so.0 could not be opened (install libopenblas0)";
  cblas_sgemm = (sgemm_fn)dlsym(library, "cblas_sgemm");
  set_num_threads = (void (*)(int))dlsym(library, "openblas_set_num_threads");
  get_corename = (char *(*)(void))dlsym(library, "openblas_get_corename");
  if (cblas_sgemm == NULL || set_num_threads == NULL || get_corename == NULL) return "libopenblas.so.0 lacks cblas_sgemm";
  return NULL;
}

void gemm(const float *a, const float *b, float *c, int64_t m, int64_t n, int64_t k, int trans_a, int trans_b,
          float alpha, float beta, int64_t batch, int64_t stride_a, int64_t stride_b, int64_t stride_c) {
  const int lda = trans_a ? (int)m : (int)k, ldb = trans_b ? (int)k : (int)n;
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(ROW_MAJOR, trans_a ? TRANS : NO_TRANS, trans_b ? TRANS : NO_TRANS, (int)m, (int)n, (int)k, alpha,
                a + i * stride_a, lda, b + i * stride_b, ldb, beta, c + i * stride_c, (int)n);
  }
}

void gemm_set_threads(int threads) {
  const unsigned fp = fast_fp_begin();  // threads OpenBLAS adds now inherit it
  set_num_threads(threads);
  fast_fp_end(fp);
}

void gemm_describe(char *library, size_t library_size, char *core, size_t core_size) {
  snprintf(library, library_size, "OpenBLAS");
  snprintf(core, core_size, "%s", get_corename());
}
