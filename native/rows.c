// A bias added to every row, and its gradient, the sum of the rows.
#include <string.h>
#include "kernels.h"
#include "parallel.h"

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

// Adds rows [from, to) of the job's matrix to `sum`.
TARGETS static void sum_rows_range(const void *ctx, int64_t from, int64_t to, float *restrict sum) {
  const rows_job *job = ctx;
  const int64_t cols = job->cols;
  for (int64_t r = from; r < to; r++) {
    const float *restrict row = job->x + r * cols;
    for (int64_t c = 0; c < cols; c++) sum[c] += row[c];
  }
}

int sum_rows(const float *x, float *y, int64_t rows, int64_t cols) {
  rows_job job = { x, NULL, y, cols };
  return sum_in_halves(rows, cols, rows * cols >= (1 << 15), sum_rows_range, &job, y);
}
