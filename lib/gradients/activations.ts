import { checkFinite } from "../notebook/check-numbers.js";
import type { Figure } from "../figures/figure.js";
import { linePlot } from "../figures/lines.js";
import { roundAll } from "../figures/round.js";

/**
 * Activation functions and their derivatives in closed form (the tests check each against
 * `tf.grad`). LeakyReLU and ELU always take α explicitly: TensorFlow.js's defaults differ
 * (0.2 for `tf.leakyRelu`, 0.3 for the `leakyReLU` layer), the notes use α = 0.01.
 * @see notebooks/03-activations.ipynb
 */

/** σ(z) = 1 / (1 + e^(−z)). */
export function sigmoid(z: number): number {
  checkFinite("sigmoid", "z", z);
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** σ'(z) = σ(z)(1 − σ(z)), at most 0.25 (at z = 0). */
export function sigmoidDerivative(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

/** tanh(z). */
export function tanh(z: number): number {
  checkFinite("tanh", "z", z);
  return Math.tanh(z);
}

/** tanh'(z) = 1 − tanh²(z), at most 1. */
export function tanhDerivative(z: number): number {
  return 1 - tanh(z) ** 2;
}

/** LeakyReLU_α(z) = max(αz, z) for 0 ≤ α ≤ 1; α = 0 is ReLU. The notes: z = −7.8, α = 0.01 → −0.078. */
export function leakyRelu(z: number, alpha: number): number {
  checkFinite("leakyRelu", "z", z);
  checkAlpha("leakyRelu", alpha);
  return Math.max(alpha * z, z);
}

/** LeakyReLU'_α(z): 1 for z > 0, α for z < 0; at z = 0 we take α, as TensorFlow.js does. */
export function leakyReluDerivative(z: number, alpha: number): number {
  checkFinite("leakyReluDerivative", "z", z);
  checkAlpha("leakyReluDerivative", alpha);
  return z > 0 ? 1 : alpha;
}

/** ReLU(z) = max(0, z): LeakyReLU with α = 0. */
export function relu(z: number): number {
  return leakyRelu(z, 0);
}

/** ReLU'(z): 1 for z > 0, else 0 (0 at z = 0, as TensorFlow.js). */
export function reluDerivative(z: number): number {
  return leakyReluDerivative(z, 0);
}

/** ELU_α(z) = z for z > 0, α(e^z − 1) otherwise. */
export function elu(z: number, alpha: number): number {
  checkFinite("elu", "z", z);
  checkFinite("elu", "alpha (α)", alpha);
  if (alpha < 0) throw new RangeError(`elu: alpha (α) must be ≥ 0, got ${alpha}`);
  return z > 0 ? z : alpha * Math.expm1(z);
}

/** ELU'_α(z) = 1 for z > 0, α·e^z otherwise. */
export function eluDerivative(z: number, alpha: number): number {
  checkFinite("eluDerivative", "z", z);
  checkFinite("eluDerivative", "alpha (α)", alpha);
  if (alpha < 0) throw new RangeError(`eluDerivative: alpha (α) must be ≥ 0, got ${alpha}`);
  return z > 0 ? 1 : alpha * Math.exp(z);
}

function checkAlpha(fn: string, alpha: number): void {
  checkFinite(fn, "alpha (α)", alpha);
  if (alpha < 0 || alpha > 1) throw new RangeError(`${fn}: alpha (α) must be in [0, 1] so that max(αz, z) is LeakyReLU, got ${alpha}`);
}

/** An activation with its derivative, by name. */
export interface Activation {
  name: string;
  f(z: number): number;
  df(z: number): number;
}

/** The five activations of the lesson; LeakyReLU and ELU with the α given (required). */
export function activations(options: { leakyAlpha: number; eluAlpha: number }): Activation[] {
  const { leakyAlpha, eluAlpha } = options ?? ({} as { leakyAlpha: number; eluAlpha: number });
  checkAlpha("activations", leakyAlpha);
  checkFinite("activations", "eluAlpha", eluAlpha);
  return [
    { name: "sigmoid", f: sigmoid, df: sigmoidDerivative },
    { name: "tanh", f: tanh, df: tanhDerivative },
    { name: "ReLU", f: relu, df: reluDerivative },
    { name: `LeakyReLU (α = ${leakyAlpha})`, f: (z) => leakyRelu(z, leakyAlpha), df: (z) => leakyReluDerivative(z, leakyAlpha) },
    { name: `ELU (α = ${eluAlpha})`, f: (z) => elu(z, eluAlpha), df: (z) => eluDerivative(z, eluAlpha) },
  ];
}

/** Plots the activations (or their derivatives) over [zMin, zMax]. */
export function activationsFigure(options: { leakyAlpha: number; eluAlpha: number; derivatives?: boolean; zRange?: [number, number] }): Figure {
  const [lo, hi] = options.zRange ?? [-5, 5];
  const zs = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  const d = options.derivatives ?? false;
  return linePlot(
    activations(options).map((a) => ({ x: roundAll(zs), y: roundAll(zs.map(d ? a.df : a.f)), name: d ? `${a.name}′` : a.name })),
    { title: d ? "Derivatives of the activations" : "Activation functions", xLabel: "z", yLabel: d ? "f′(z)" : "f(z)" },
  );
}
