import { tf } from "../tf.cjs";
import { checkFinite, checkInteger, checkMatrix2d } from "../notebook/check-numbers.js";

/**
 * Learning a kernel: given an image X and the map Y that some unknown kernel made of it,
 * recover the kernel by gradient descent on the squared error ‖X ⋆ K − Y‖², with
 * `tf.conv2d` computing X ⋆ K and `tf.grad` its gradient (d2l's "learning a kernel").
 * @see notebooks/05-convolution.ipynb
 */

/** Options for {@link learnKernel}. */
export interface LearnKernelOptions {
  /** The kernel's [rows, cols]. */
  shape: [number, number];
  lr: number;
  steps: number;
  /** Seed of the random start, N(0, 1) (default 1). */
  seed?: number;
}

/** What {@link learnKernel} found: the kernel after each step and the loss before each. */
export interface LearnedKernel {
  kernel: number[][];
  /** losses[t] = ‖X ⋆ K_t − Y‖² (sum of squares), t = 0 … steps. */
  losses: number[];
}

/** Gradient descent on K for ‖X ⋆ K − Y‖² ('valid' cross-correlation, stride 1). */
export function learnKernel(image: number[][], target: number[][], options: LearnKernelOptions): LearnedKernel {
  const x = checkMatrix2d("learnKernel", "image", image);
  const y = checkMatrix2d("learnKernel", "target", target);
  const { shape, lr, steps, seed = 1 } = options ?? ({} as LearnKernelOptions);
  if (!Array.isArray(shape) || shape.length !== 2) throw new RangeError(`learnKernel: shape must be [rows, cols], got ${JSON.stringify(shape)}`);
  checkInteger("learnKernel", "shape[0]", shape[0], 1);
  checkInteger("learnKernel", "shape[1]", shape[1], 1);
  checkFinite("learnKernel", "lr", lr);
  if (lr <= 0) throw new RangeError(`learnKernel: lr must be > 0, got ${lr}`);
  checkInteger("learnKernel", "steps", steps, 0);
  checkInteger("learnKernel", "seed", seed, 1);
  const [kh, kw] = shape;
  const [outH, outW] = [x.length - kh + 1, (x[0] as number[]).length - kw + 1];
  if (y.length !== outH || (y[0] as number[]).length !== outW) {
    throw new RangeError(`learnKernel: a ${kh}x${kw} kernel on a ${x.length}x${(x[0] as number[]).length} image gives a ${outH}x${outW} map, but the target is ${y.length}x${(y[0] as number[]).length}`);
  }
  return tf.tidy(() => {
    const X = tf.tensor4d(x.flat(), [1, x.length, (x[0] as number[]).length, 1]); // [batch, rows, cols, 1]
    const Y = tf.tensor4d(y.flat(), [1, outH, outW, 1]);
    const loss = (k: tf.Tensor) => tf.conv2d(X, k as tf.Tensor4D, 1, "valid").sub(Y).square().sum() as tf.Scalar;
    const step = tf.valueAndGrad(loss);
    let k: tf.Tensor = tf.randomNormal([kh, kw, 1, 1], 0, 1, "float32", seed); // [rows, cols, in 1, out 1]
    const losses: number[] = [];
    for (let t = 0; t < steps; t++) {
      const { value, grad } = step(k);
      losses.push(value.dataSync()[0] as number);
      k = k.sub(grad.mul(lr));
    }
    losses.push(loss(k).dataSync()[0] as number);
    return { kernel: k.reshape([kh, kw]).arraySync() as number[][], losses };
  });
}
