// A bias added to every row, and its gradient, the sum of the rows.
#include <string.h>
#include "kernels.h"
#include "parallel.h"

// Wider rows are summed in one pass.
#define MAX_SUM_COLS 4096

typedef struct { const float *x, *row; float *y; int64_t cols; } rows_job;

TARGETS static void add_row_range(const void *ctx, int64_t from, int64_t to) {
  const rows_job *job = ctx;
  const int64_t cols = job->cols;
  for (int64_t r = from; r < to; r++) {
    const float *restrict x = job->x + r * cols, *restrict row = job->row;
    float *restrict y = job->y + r * cols;
    for (int64_t c = 0; c < cols; c++) y[c] = x[c] + row[c];
  }
}

void add_row(const float *x, const float *row, float *y, int64_t rows, int64_t cols) {
  rows_job job = { x, row, y, cols };
  parallel_for(rows, (1 << 14) / (cols > 0 ? cols : 1) + 1, add_row_range, &job);
}

TARGETS static void sum_rows_range(const float *restrict x, float *restrict y, int64_t from, int64_t to, int64_t cols) {
  memset(y, 0, cols * sizeof(float));
  for (int64_t r = from; r < to; r++) {
    const float *restrict row = x + r * cols;
    for (int64_t c = 0; c < cols; c++) y[c] += row[c];
  }
}

void sum_rows(const float *x, float *y, int64_t rows, int64_t cols) {
  // Always two partial sums added in order, so the result does not depend on the threads.
  const int64_t half = rows / 2;
  float partial[MAX_SUM_COLS];
  if (cols > MAX_SUM_COLS) {
    sum_rows_range(x, y, 0, rows, cols);
    return;
  }
#pragma omp parallel sections num_threads(tsdl_threads() < 2 || rows * cols < (1 << 15) ? 1 : 2)
  {
#pragma omp section
    sum_rows_range(x, y, 0, half, cols);
#pragma omp section
    sum_rows_range(x, partial, half, rows, cols);
  }
  for (int64_t c = 0; c < cols; c++) y[c] += partial[c];
}
