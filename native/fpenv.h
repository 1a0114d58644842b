// Denormal floats (magnitudes below 1.2e-38) cost the CPU a hundred cycles or more per
// operation. Training makes many: Adam's moment estimates of a weight whose gradient stays 0
// decay by β each step toward them, and a confident softmax gives probabilities of 1e-40.
// Lesson 06's epochs took twice as long from the second on. The native kernels therefore run
// with denormals flushed to zero (FTZ and DAZ in MXCSR), as TensorFlow's CPU kernels do: on
// the calling thread for the duration of a call (Node's own floating point is left as it
// was), and on the worker threads for good.
#ifndef TSDL_FPENV_H
#define TSDL_FPENV_H
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define FLUSH_DENORMALS (0x8000u | 0x0040u)  // FTZ | DAZ
static inline unsigned fast_fp_begin(void) {
  const unsigned old = _mm_getcsr();
  _mm_setcsr(old | FLUSH_DENORMALS);
  return old;
}
static inline void fast_fp_end(unsigned old) { _mm_setcsr(old); }
#else
static inline unsigned fast_fp_begin(void) { return 0; }
static inline void fast_fp_end(unsigned old) { (void)old; }
#endif
#endif
