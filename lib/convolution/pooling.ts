import { checkInteger, checkMatrix2d } from "../notebook/check-numbers.js";
import { FeatureMap } from "./convolution.js";

/**
 * Max pooling: the largest value in each size×size window, moving by `stride`
 * (the notes' model pools 2×2 with stride 1; the usual choice is stride 2).
 * No padding ('valid'), as Keras's MaxPooling2D by default. Checked against `tf.maxPool`.
 * @see notebooks/05-convolution.ipynb
 */
export function maxPool2d(input: ArrayLike<ArrayLike<number>>, options: { size?: number; stride?: number } = {}): FeatureMap {
  const x = checkMatrix2d("maxPool2d", "input", Array.isArray(input) ? input.map((r) => Array.from(r ?? [])) : input);
  const { size = 2 } = options;
  checkInteger("maxPool2d", "size", size, 1);
  const stride = options.stride ?? size;
  checkInteger("maxPool2d", "stride", stride, 1);
  const rows = x.length;
  const cols = (x[0] as number[]).length;
  const outH = Math.floor((rows - size) / stride) + 1;
  const outW = Math.floor((cols - size) / stride) + 1;
  if (outH < 1 || outW < 1) {
    throw new RangeError(`maxPool2d: a ${size}x${size} window does not fit in a ${rows}x${cols} input`);
  }
  const output = Array.from({ length: outH }, (_, r) =>
    Array.from({ length: outW }, (_, c) => {
      let best = -Infinity;
      for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) best = Math.max(best, (x[r * stride + a] as number[])[c * stride + b] as number);
      return best;
    }),
  );
  return new FeatureMap(output, undefined, `Max pooling ${size}×${size}, stride ${stride}: ${outH}×${outW}`);
}
