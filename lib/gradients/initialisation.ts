import { tf } from "../tf.cjs";
import { checkFinite, checkInteger } from "../notebook/check-numbers.js";
import { tensorSeed } from "./vanishing-gradients.js";

/**
 * Where Xavier's and He's variances come from, measured on one linear layer z = xW with
 * W of shape [nIn, nOut] and entries N(0, σ²):
 *
 *   forward   Var(z_j)      = nIn  · σ² · Var(x)        (z_j sums nIn products)
 *   backward  Var(∂L/∂x_i)  = nOut · σ² · Var(∂L/∂z)    (∂L/∂x_i sums nOut products)
 *
 * Keeping the forward signal needs σ² = 1/nIn, keeping the backward one σ² = 1/nOut;
 * Xavier takes the compromise 2/(nIn + nOut), He doubles 1/nIn because ReLU zeroes half.
 * And what a constant start does: every hidden unit gets the same gradient, for ever.
 * @see notebooks/02-vanishing-exploding-gradients.ipynb
 */

/** Options for {@link layerVarianceGains}. */
export interface VarianceGainOptions {
  nIn: number;
  nOut: number;
  /** σ of the weights. */
  std: number;
  /** Rows of the random batch (default 4,096: enough for two digits). */
  batch?: number;
  seed?: number;
}

/** Var(z)/Var(x) forward and Var(∂L/∂x)/Var(∂L/∂z) backward, measured with `tf.grad`. */
export function layerVarianceGains(options: VarianceGainOptions): { forward: number; backward: number } {
  const { nIn, nOut, std, batch = 4096, seed = 0 } = options ?? ({} as VarianceGainOptions);
  checkInteger("layerVarianceGains", "nIn", nIn, 1);
  checkInteger("layerVarianceGains", "nOut", nOut, 1);
  checkFinite("layerVarianceGains", "std", std);
  if (std <= 0) throw new RangeError(`layerVarianceGains: std must be > 0, got ${std}`);
  checkInteger("layerVarianceGains", "batch", batch, 2);
  checkInteger("layerVarianceGains", "seed", seed, 0);
  return tf.tidy(() => {
    const variance = (t: tf.Tensor) => tf.moments(t).variance.dataSync()[0] as number;
    const x = tf.randomNormal([batch, nIn], 0, 1, "float32", tensorSeed(seed, 0)); // [batch, nIn]
    const w = tf.randomNormal([nIn, nOut], 0, std, "float32", tensorSeed(seed, 1)); // [nIn, nOut]
    const upstream = tf.randomNormal([batch, nOut], 0, 1, "float32", tensorSeed(seed, 2)); // ∂L/∂z, [batch, nOut]
    const z = tf.matMul(x, w);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.matMul(input as tf.Tensor2D, w as tf.Tensor2D), upstream)))(x);
    return { forward: variance(z) / variance(x), backward: variance(dx) / variance(upstream) };
  });
}

/** Options for {@link trainFromStart}. */
export interface SymmetryOptions {
  /** "constant": every weight starts at `value`; "random": N(0, 0.5²). */
  start: "constant" | "random";
  value?: number;
  steps?: number;
  lr?: number;
  seed?: number;
}

/**
 * Trains a 3-input, 4-hidden-unit tanh network y = tanh(xW₁)W₂ on a random regression task
 * with plain gradient descent and returns W₁ ([3][4], one column per hidden unit) and the
 * loss before and after.
 */
export function trainFromStart(options: SymmetryOptions): { w1: number[][]; lossBefore: number; lossAfter: number } {
  const { start, value = 0.5, steps = 200, lr = 0.1, seed = 0 } = options ?? ({} as SymmetryOptions);
  if (start !== "constant" && start !== "random") throw new RangeError(`trainFromStart: start must be "constant" or "random", got ${JSON.stringify(start)}`);
  checkFinite("trainFromStart", "value", value);
  checkInteger("trainFromStart", "steps", steps, 0);
  checkFinite("trainFromStart", "lr", lr);
  checkInteger("trainFromStart", "seed", seed, 0);
  return tf.tidy(() => {
    const x = tf.randomNormal([64, 3], 0, 1, "float32", tensorSeed(seed, 0)); // [batch, 3]
    const y = tf.sin(x.sum(1, true)).add(x.slice([0, 0], [-1, 1]).square().mul(0.3)); // [batch, 1]
    const init = (shape: [number, number], i: number) =>
      start === "constant" ? tf.fill(shape, value) : tf.randomNormal(shape, 0, 0.5, "float32", tensorSeed(seed, i));
    let w1 = init([3, 4], 1);
    let w2 = init([4, 1], 2);
    const loss = (a: tf.Tensor, b: tf.Tensor) => tf.mean(tf.square(tf.matMul(tf.tanh(tf.matMul(x, a as tf.Tensor2D)), b as tf.Tensor2D).sub(y))) as tf.Scalar;
    const grads = tf.grads(loss);
    const lossBefore = loss(w1, w2).dataSync()[0] as number;
    for (let t = 0; t < steps; t++) {
      const [g1, g2] = grads([w1, w2]);
      w1 = w1.sub((g1 as tf.Tensor).mul(lr));
      w2 = w2.sub((g2 as tf.Tensor).mul(lr));
    }
    return { w1: w1.arraySync() as number[][], lossBefore, lossAfter: loss(w1, w2).dataSync()[0] as number };
  });
}
