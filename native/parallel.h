// Splitting a loop over [0, count) between the OpenMP threads: each thread runs
// `body(ctx, from, to)` on one contiguous range. The bodies are plain functions, so that
// they can be compiled for several instruction sets (see TARGETS) and chosen at load time.
#ifndef TSDL_PARALLEL_H
#define TSDL_PARALLEL_H
#include <stdint.h>

// Hot loops are compiled for AVX-512, AVX2 and plain x86-64; the loader picks the best one
// the CPU has (GCC's function multi-versioning), so one build runs well on any x86-64 CPU.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TARGETS __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TARGETS
#endif

typedef void (*range_fn)(const void *ctx, int64_t from, int64_t to);

// Runs `body` over [0, count) on up to `tsdl_threads()` threads, in ranges of at least `grain`.
void parallel_for(int64_t count, int64_t grain, range_fn body, const void *ctx);

typedef void (*accumulate_fn)(const void *ctx, int64_t from, int64_t to, float *sum);

// Sets `sum` (`size` floats) to what `body` adds over [0, count): two partial sums over the
// halves, on two threads when `parallel` and there are two, then added in order, so the result
// does not depend on how many threads ran it. Returns 0, or -1 when out of memory.
int sum_in_halves(int64_t count, int64_t size, int parallel, accumulate_fn body, const void *ctx, float *sum);
void tsdl_set_threads(int threads);
int tsdl_threads(void);

#endif
