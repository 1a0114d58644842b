/**
 * The worked example of the notes: a 9×9 digit "7", a 3×3 kernel and the 7×7 feature map
 * their cross-correlation gives (no padding, stride 1).
 *
 * The notes print two digit grids. The first is 9 rows × 10 columns, and its row 5
 * (counting from 0) reads `0 0 1 1 0 …` where the second's reads `0 0 0 1 1 …`;
 * cross-correlated with the kernel it gives a 7×8 map that differs from the notes' map
 * (row 3 comes out `0 1 2 2 1 1 0 0`). The second grid, 9×9, reproduces the notes'
 * 7×7 map exactly, so it is NOTES_DIGIT (the tests check both statements).
 * @see notebooks/05-convolution.ipynb
 */
export const NOTES_DIGIT: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 1, 1, 1, 1, 1, 0, 0],
  [0, 0, 0, 0, 0, 0, 1, 0, 0],
  [0, 0, 0, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 1, 1, 0, 0, 0],
  [0, 0, 0, 1, 1, 0, 0, 0, 0],
  [0, 0, 1, 1, 0, 0, 0, 0, 0],
  [0, 0, 1, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0],
];

/** The notes' first digit grid, 9 rows × 10 columns (it does not give the notes' map). */
export const NOTES_DIGIT_9X10: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 1, 1, 1, 1, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
  [0, 0, 0, 0, 1, 1, 0, 0, 0, 0],
  [0, 0, 1, 1, 0, 0, 0, 0, 0, 0],
  [0, 0, 1, 1, 0, 0, 0, 0, 0, 0],
  [0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
];

/** The notes' 3×3 kernel (filter). */
export const NOTES_KERNEL: readonly (readonly number[])[] = [
  [1, 1, 1],
  [0, 0, 1],
  [0, 1, 0],
];

/** The notes' 7×7 feature map: conv2d(NOTES_DIGIT, NOTES_KERNEL). */
export const NOTES_FEATURE_MAP: readonly (readonly number[])[] = [
  [1, 1, 1, 1, 1, 1, 0],
  [1, 2, 3, 3, 5, 2, 1],
  [0, 0, 0, 2, 2, 1, 1],
  [0, 0, 2, 3, 1, 1, 0],
  [0, 2, 3, 2, 2, 1, 0],
  [1, 3, 2, 2, 1, 0, 0],
  [2, 2, 2, 1, 0, 0, 0],
];
