// Matrix products: OpenBLAS's sgemm, which runs on threads of its own. Its kernels are
// chosen by CPU model; lib/backend/native/addon.ts names the core from the CPU's features
// where OpenBLAS would fall back to a generic one.
//
// oneDNN 2.6.3 (Debian's libdnnl, what Debian's PyTorch uses) was measured too: its sgemm
// is ~20% faster on the course CNN's products here, but with it loaded into Node, signals
// (Node's SIGINT, which interrupts a cell; the CPU profiler's SIGPROF) corrupt the heap
// within seconds, even with every signal blocked around its calls.
#include <cblas.h>
#include <stdio.h>
#include "kernels.h"

extern void openblas_set_num_threads(int);
extern char *openblas_get_corename(void);

void gemm(const float *a, const float *b, float *c, int64_t m, int64_t n, int64_t k, int trans_a, int trans_b,
          float alpha, float beta, int64_t batch, int64_t stride_a, int64_t stride_b, int64_t stride_c) {
  const int lda = trans_a ? (int)m : (int)k, ldb = trans_b ? (int)k : (int)n;
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, alpha, a + i * stride_a, lda, b + i * stride_b, ldb, beta, c + i * stride_c, (int)n);
  }
}

void gemm_set_threads(int threads) { openblas_set_num_threads(threads); }

void gemm_describe(char *library, size_t library_size, char *core, size_t core_size) {
  snprintf(library, library_size, "OpenBLAS");
  snprintf(core, core_size, "%s", openblas_get_corename());
}
