import { tf } from "../tf.cjs";
import { checkFinite, checkInteger } from "../notebook/check-numbers.js";
import type { Figure } from "../figures/figure.js";
import { linePlot } from "../figures/lines.js";

/**
 * Vanishing and exploding gradients, measured: per-layer gradient norms of deep
 * fully-connected networks computed with `tf.grads` on real tensors, the 0.25^depth bound
 * that the sigmoid's derivative puts on them, and products of random matrices.
 * @see notebooks/02-vanishing-exploding-gradients.ipynb
 */

/** How the weight matrices start: N(0, σ²) with σ from the rule. */
export type WeightInit =
  /** σ = 1: the naive default of "random weights". */
  | "normal"
  /** Xavier/Glorot: σ² = 2/(fan_in + fan_out), for sigmoid and tanh. */
  | "xavier"
  /** He: σ² = 2/fan_in, for ReLU. */
  | "he";

/** Activations the deep network can use. */
export type DeepActivation = "sigmoid" | "tanh" | "relu";

/** Options for {@link layerGradientNorms}. */
export interface DeepNetOptions {
  depth: number;
  /** Units per layer (default 32). */
  width?: number;
  activation: DeepActivation;
  init: WeightInit;
  /** Examples in the random batch (default 16). */
  batch?: number;
  /** Seed for inputs and weights (default 0): the same options give the same norms. */
  seed?: number;
}

/**
 * The seed of the i-th random tensor of a run with seed `seed`. TensorFlow.js treats a seed
 * of 0 as "no seed", so seeds start at 1: `seed·1000 + i + 1`.
 */
export function tensorSeed(seed: number, i: number): number {
  return seed * 1000 + i + 1;
}

/** The standard deviation each rule gives a fanIn × fanOut matrix. */
export function initStd(init: WeightInit, fanIn: number, fanOut: number): number {
  switch (init) {
    case "normal":
      return 1;
    case "xavier":
      return Math.sqrt(2 / (fanIn + fanOut));
    case "he":
      return Math.sqrt(2 / fanIn);
    default:
      throw new RangeError(`initStd: init must be "normal", "xavier" or "he", got ${JSON.stringify(init)}`);
  }
}

function activate(h: tf.Tensor2D, activation: DeepActivation): tf.Tensor2D {
  switch (activation) {
    case "sigmoid":
      return tf.sigmoid(h);
    case "tanh":
      return tf.tanh(h);
    case "relu":
      return tf.relu(h);
    default:
      throw new RangeError(`layerGradientNorms: activation must be "sigmoid", "tanh" or "relu", got ${JSON.stringify(activation)}`);
  }
}

/**
 * ‖∂L/∂W_l‖ (Frobenius) for every layer l = 1 … depth of the network
 * h_l = act(h_{l−1} W_l), L = ½·mean(h_depth²), on a random N(0, 1) batch.
 * Index 0 is the layer nearest the input, where vanishing gradients bite first.
 * Values may be 0 or Infinity when float32 underflows or overflows — that is the lesson.
 */
export function layerGradientNorms(options: DeepNetOptions): number[] {
  const { depth, width = 32, activation, init, batch = 16, seed = 0 } = options ?? ({} as DeepNetOptions);
  checkInteger("layerGradientNorms", "depth", depth, 1);
  checkInteger("layerGradientNorms", "width", width, 1);
  checkInteger("layerGradientNorms", "batch", batch, 1);
  checkInteger("layerGradientNorms", "seed", seed, 0);
  if (depth > 200) throw new RangeError(`layerGradientNorms: depth ${depth} is more than this demo needs (≤ 200)`);
  const std = initStd(init, width, width);
  activate(tf.zeros([1, 1]) as tf.Tensor2D, activation).dispose();
  return tf.tidy(() => {
    const x = tf.randomNormal([batch, width], 0, 1, "float32", tensorSeed(seed, 0)) as tf.Tensor2D; // [batch, width]
    const weights = Array.from({ length: depth }, (_, l) => tf.randomNormal([width, width], 0, std, "float32", tensorSeed(seed, 1 + l)) as tf.Tensor2D);
    const loss = (...ws: tf.Tensor[]) => {
      let h = x;
      for (const w of ws) h = activate(tf.matMul(h, w as tf.Tensor2D), activation);
      return tf.mul(0.5, tf.mean(tf.square(h))) as tf.Scalar;
    };
    const grads = tf.grads(loss)(weights);
    return grads.map((g) => tf.norm(g).dataSync()[0] as number);
  });
}

/** The sigmoid's derivative is at most 0.25, so `depth` of them multiply to at most 0.25^depth. */
export function sigmoidGradientBound(depth: number): number {
  checkInteger("sigmoidGradientBound", "depth", depth, 0);
  return 0.25 ** depth;
}

/**
 * ‖W_1 W_2 ⋯ W_k‖ (Frobenius) for k = 1 … depth, each W a size×size matrix of N(0, scale²):
 * the product grows like (scale·√size)^k — it explodes above 1 and vanishes below.
 */
export function randomMatrixProductNorms(options: { size: number; depth: number; scale: number; seed?: number }): number[] {
  const { size, depth, scale, seed = 0 } = options ?? ({} as { size: number; depth: number; scale: number });
  checkInteger("randomMatrixProductNorms", "size", size, 1);
  checkInteger("randomMatrixProductNorms", "depth", depth, 1);
  checkFinite("randomMatrixProductNorms", "scale", scale);
  checkInteger("randomMatrixProductNorms", "seed", seed, 0);
  if (scale <= 0) throw new RangeError(`randomMatrixProductNorms: scale must be > 0, got ${scale}`);
  return tf.tidy(() => {
    let p = tf.eye(size) as tf.Tensor2D;
    const norms: number[] = [];
    for (let k = 0; k < depth; k++) {
      p = tf.matMul(p, tf.randomNormal([size, size], 0, scale, "float32", tensorSeed(seed, k)) as tf.Tensor2D);
      norms.push(tf.norm(p).dataSync()[0] as number);
    }
    return norms;
  });
}

/** The notes' example of a tiny step: w = 0.6, η = 0.01, ∂J/∂w = 0.00004 → 0.6 − 0.01·0.00004. */
export function tinyStepExample(): { w: number; lr: number; grad: number; newW: number; change: number } {
  const w = 0.6;
  const lr = 0.01;
  const grad = 0.00004;
  const newW = Number((w - lr * grad).toPrecision(12));
  return { w, lr, grad, newW, change: Number((-lr * grad).toPrecision(12)) };
}

/** Per-layer gradient norms of several networks on one log-scale plot. */
export function gradientNormsFigure(runs: { name: string; norms: number[] }[], options: { title?: string } = {}): Figure {
  const fig = linePlot(
    runs.map((r) => ({ x: r.norms.map((_, i) => i + 1), y: r.norms.map((v) => (v > 0 && Number.isFinite(v) ? v : NaN)), name: r.name, mode: "lines+markers" as const })),
    { title: options.title ?? "Gradient norm per layer (layer 1 = nearest the input)", xLabel: "layer", yLabel: "‖∂L/∂W‖", logY: true },
  );
  fig.layout["xaxis"] = { ...(fig.layout["xaxis"] as object), tickformat: "d" };
  return fig;
}
