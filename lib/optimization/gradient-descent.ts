import { checkFinite, checkInteger } from "../notebook/check-numbers.js";
import { curveWithIterates } from "../figures/lines.js";
import { contourWithPaths } from "../figures/contour.js";
import { addSlider } from "../figures/controls.js";
import type { Figure } from "../figures/figure.js";
import { runGradientDescent } from "./optimizers.js";
import { roundAll } from "../figures/round.js";

/**
 * Gradient descent, w := w − η ∂J/∂w, on functions of one and two weights.
 * The step itself is momentum's with β = 0 (see optimizers.ts).
 * @see notebooks/01-gradient-descent.ipynb
 */

/** Options for a run of gradient descent on one weight. */
export interface Descent1dOptions {
  w0: number;
  lr: number;
  steps: number;
}

/** The iterates w₀, w₁, ... of gradient descent on J(w) with derivative `grad`. */
export function gradientDescent1d(grad: (w: number) => number, options: Descent1dOptions): number[] {
  checkFinite("gradientDescent1d", "w0", options.w0);
  return runGradientDescent((w) => [grad(w[0] as number)], [options.w0], options).map((w) => w[0] as number);
}

/** The iterates (w₁, w₂)₀, ... of gradient descent on J(w₁, w₂). */
export function gradientDescent2d(
  grad: (w1: number, w2: number) => [number, number],
  options: { w0: [number, number]; lr: number; steps: number },
): [number, number][] {
  return runGradientDescent((w) => grad(w[0] as number, w[1] as number), options.w0, options) as [number, number][];
}

/** How gradient descent behaves on J(w) = ½λw² with step η: each step multiplies w by 1 − ηλ. */
export interface Convergence {
  /** The factor 1 − ηλ applied to w at every step. */
  factor: number;
  /** True exactly when 0 < ηλ < 2, i.e. |1 − ηλ| < 1. */
  converges: boolean;
  /** "slow" (ηλ ≤ 0.1), "smooth" (< 1), "one step" (= 1), "oscillating" (1 < ηλ < 2), "divergent" (≥ 2). */
  regime: "slow" | "smooth" | "one step" | "oscillating" | "divergent";
}

/** The convergence condition 0 < ηλ < 2 for a curvature λ > 0 and a learning rate η > 0. */
export function quadraticConvergence(lr: number, lambda: number): Convergence {
  checkFinite("quadraticConvergence", "lr (η)", lr);
  checkFinite("quadraticConvergence", "lambda (λ)", lambda);
  if (lr <= 0) throw new RangeError(`quadraticConvergence: lr (η) must be > 0, got ${lr}`);
  if (lambda <= 0) throw new RangeError(`quadraticConvergence: lambda (λ) must be > 0, got ${lambda}`);
  const h = lr * lambda;
  const factor = 1 - h;
  const regime = h >= 2 ? "divergent" : h > 1 ? "oscillating" : h === 1 ? "one step" : h <= 0.1 ? "slow" : "smooth";
  return { factor, converges: h < 2, regime };
}

/** The largest learning rate that still converges on curvature λ (exclusive): η < 2/λ. */
export function maxStableLearningRate(lambda: number): number {
  checkFinite("maxStableLearningRate", "lambda (λ)", lambda);
  if (lambda <= 0) throw new RangeError(`maxStableLearningRate: lambda (λ) must be > 0, got ${lambda}`);
  return 2 / lambda;
}

/** Options for {@link gradientDescentFigure}. */
export interface DescentFigureOptions {
  f: (w: number) => number;
  grad: (w: number) => number;
  w0: number;
  /** The learning rates the slider offers. */
  lrs: number[];
  steps: number;
  /** The slider's first position (default 0). */
  active?: number;
  xRange?: [number, number];
  title?: string;
}

/**
 * The curve J(w) with gradient descent's iterates on it, and a slider for η
 * (too small, right, divergent): every run is precomputed, so the slider needs no kernel.
 */
export function gradientDescentFigure(options: DescentFigureOptions): Figure {
  const { f, grad, w0, lrs, steps } = options;
  checkInteger("gradientDescentFigure", "steps", steps, 1);
  if (!Array.isArray(lrs) || lrs.length === 0) throw new RangeError(`gradientDescentFigure: lrs must list at least one learning rate, got ${JSON.stringify(lrs)}`);
  const runs = lrs.map((lr) => gradientDescent1d(grad, { w0, lr, steps }));
  const xRange = options.xRange ?? [-Math.abs(w0) * 1.5 - 0.5, Math.abs(w0) * 1.5 + 0.5];
  const yMax = Math.max(f(xRange[0]), f(xRange[1]));
  const fig = curveWithIterates(f, runs[0] as number[], { xRange, title: options.title ?? "Gradient descent: w := w − η dJ/dw" });
  fig.updateLayout({ yaxis: { ...(fig.layout["yaxis"] as object), range: [Math.min(0, f(0)) - 0.05 * yMax, yMax * 1.05] } });
  fig.updateLayout({ xaxis: { ...(fig.layout["xaxis"] as object), range: xRange } });
  return addSlider(fig, {
    prefix: "η = ",
    traceIndices: [1],
    active: options.active ?? 0,
    variants: runs.map((ws, i) => {
      const shown = ws.filter((w) => Number.isFinite(w) && Math.abs(w) < 1e6);
      return {
        label: String(lrs[i]),
        traces: [{ x: roundAll(shown), y: roundAll(shown.map(f)), text: shown.map((_, k) => `step ${k}`), name: `iterates (η = ${lrs[i]}, w_${ws.length - 1} = ${fmtW(ws[ws.length - 1] as number)})` }],
      };
    }),
  });
}

function fmtW(w: number): string {
  return Math.abs(w) >= 1e4 || (Math.abs(w) < 1e-3 && w !== 0) ? w.toExponential(2) : String(Number(w.toPrecision(4)));
}

/** Gradient descent on a 2-D function drawn over its contours. */
export function gradientDescent2dFigure(options: {
  f: (w1: number, w2: number) => number;
  grad: (w1: number, w2: number) => [number, number];
  w0: [number, number];
  lr: number;
  steps: number;
  xRange: [number, number];
  yRange: [number, number];
  title?: string;
}): Figure {
  const path = gradientDescent2d(options.grad, options);
  return contourWithPaths(options.f, [{ points: path, name: `gradient descent, η = ${options.lr}`, color: "#d62728" }], {
    xRange: options.xRange, yRange: options.yRange, title: options.title ?? `Gradient descent on J(w₁, w₂), η = ${options.lr}`,
  });
}
