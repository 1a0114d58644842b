import { checkInteger, checkMatrix2d } from "../notebook/check-numbers.js";
import { FeatureMap } from "./convolution.js";

/**
 * Pooling: one number per size×size window, windows moving by `stride` (default: the size).
 * Max pooling keeps the largest value, average pooling the mean. No padding ('valid'), as
 * Keras's MaxPooling2D and AveragePooling2D by default. Checked against `tf.maxPool` and
 * `tf.avgPool`. (The notes' model pools 2×2 with stride 1; the usual choice is stride 2.)
 * @see notebooks/05-convolution.ipynb
 */

/** Window size and stride of a pooling layer. */
export interface PoolOptions {
  size?: number;
  stride?: number;
}

function pool2d(fn: string, kind: string, input: ArrayLike<ArrayLike<number>>, options: PoolOptions, reduce: (window: number[]) => number): FeatureMap {
  const x = checkMatrix2d(fn, "input", Array.isArray(input) ? input.map((r) => Array.from(r ?? [])) : input);
  const { size = 2 } = options ?? {};
  checkInteger(fn, "size", size, 1);
  const stride = options?.stride ?? size;
  checkInteger(fn, "stride", stride, 1);
  const rows = x.length;
  const cols = (x[0] as number[]).length;
  const outH = Math.floor((rows - size) / stride) + 1;
  const outW = Math.floor((cols - size) / stride) + 1;
  if (outH < 1 || outW < 1) {
    throw new RangeError(`${fn}: a ${size}x${size} window does not fit in a ${rows}x${cols} input`);
  }
  const output = Array.from({ length: outH }, (_, r) =>
    Array.from({ length: outW }, (_, c) => {
      const window: number[] = [];
      for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) window.push((x[r * stride + a] as number[])[c * stride + b] as number);
      return reduce(window);
    }),
  );
  return new FeatureMap(output, undefined, `${kind} pooling ${size}×${size}, stride ${stride}: ${outH}×${outW}`);
}

/** Max pooling: the largest value in each window. */
export function maxPool2d(input: ArrayLike<ArrayLike<number>>, options: PoolOptions = {}): FeatureMap {
  return pool2d("maxPool2d", "Max", input, options, (w) => Math.max(...w));
}

/** Average pooling: the mean of each window. */
export function avgPool2d(input: ArrayLike<ArrayLike<number>>, options: PoolOptions = {}): FeatureMap {
  return pool2d("avgPool2d", "Average", input, options, (w) => w.reduce((s, v) => s + v, 0) / w.length);
}
