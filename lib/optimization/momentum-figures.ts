import { checkInteger } from "../notebook/check-numbers.js";
import { contourWithPaths } from "../figures/contour.js";
import { addSliderPair } from "../figures/controls.js";
import type { Figure } from "../figures/figure.js";
import { linePlot } from "../figures/lines.js";
import { roundAll } from "../figures/round.js";
import { heatmap } from "../figures/heatmap.js";
import { bowlRate, optimalSettings } from "./momentum-rate.js";
import { effectiveLearningRate, runMomentum } from "./optimizers.js";
import { ILL_CONDITIONED_LAMBDAS, quadratic } from "./quadratic.js";

/**
 * Figures for the momentum lesson: trajectories on the ill-conditioned quadratic
 * J(w) = ½(λ₁w₁² + λ₂w₂²), where plain descent crawls (small η) or diverges (η ≥ 2/λ₂)
 * and momentum converges.
 * @see notebooks/04-momentum.ipynb
 */

/** Options shared by the momentum figures. */
export interface MomentumFigureOptions {
  /** Curvatures (default the notes' ill-conditioned [1, 50]). */
  lambdas?: [number, number];
  /** Start (default [-4, 1]). */
  w0?: [number, number];
  steps?: number;
}

function setup(options: MomentumFigureOptions) {
  const q = quadratic(options.lambdas ?? (ILL_CONDITIONED_LAMBDAS as [number, number]));
  const w0 = options.w0 ?? [-4, 1];
  const steps = options.steps ?? 60;
  checkInteger("momentum figure", "steps", steps, 1);
  const reach = Math.max(Math.abs(w0[0]), Math.abs(w0[1])) * 1.25;
  return { q, w0, steps, xRange: [-reach, reach] as [number, number], yRange: [-reach / 2, reach / 2] as [number, number] };
}

/**
 * Plain gradient descent and momentum with the same η on the same bowl, as two paths.
 */
export function momentumComparisonFigure(options: MomentumFigureOptions & { lr: number; beta: number }): Figure {
  const { q, w0, steps, xRange, yRange } = setup(options);
  const gd = runMomentum(q.grad, w0, { lr: options.lr, beta: 0, steps });
  const mom = runMomentum(q.grad, w0, { lr: options.lr, beta: options.beta, steps });
  const [l1, l2] = q.lambdas;
  return contourWithPaths((a, b) => q.f([a, b]), [
    { points: gd as [number, number][], name: `gradient descent (β = 0), η = ${options.lr}`, color: "#d62728" },
    { points: mom as [number, number][], name: `momentum, η = ${options.lr}, β = ${options.beta}`, color: "#ff7f0e" },
  ], { xRange, yRange, logLevels: true, title: `J(w) = ½(${l1}·w₁² + ${l2}·w₂²): ${steps} steps` });
}

/** J(w) after each step for several (η, β) runs, log scale: how fast each converges. */
export function momentumLossFigure(options: MomentumFigureOptions & { runs: { lr: number; beta: number; nesterov?: boolean }[] }): Figure {
  const { q, w0, steps } = setup(options);
  return linePlot(
    options.runs.map(({ lr, beta, nesterov = false }) => ({
      y: runMomentum(q.grad, w0, { lr, beta, steps, nesterov }).map((w) => q.f(w)),
      name: `${nesterov ? "Nesterov, " : ""}η = ${lr}, β = ${beta} (η/(1−β) = ${Number(effectiveLearningRate(lr, beta).toPrecision(3))})`,
    })),
    { title: "J(w) per step", xLabel: "step", yLabel: "J(w)", logY: true },
  );
}

/**
 * The trajectory on the ill-conditioned bowl with two sliders, η and β, every
 * combination precomputed (β = 0 is plain gradient descent).
 */
export function momentumSliderFigure(options: MomentumFigureOptions & { lrs: number[]; betas: number[]; activeLr?: number; activeBeta?: number }): Figure {
  const { q, w0, steps, xRange, yRange } = setup(options);
  const { lrs, betas } = options;
  if (lrs.length === 0 || betas.length === 0) throw new RangeError(`momentumSliderFigure: give at least one η and one β, got lrs ${JSON.stringify(lrs)}, betas ${JSON.stringify(betas)}`);
  const variants = betas.map((beta) =>
    lrs.map((lr) => {
      const path = runMomentum(q.grad, w0, { lr, beta, steps });
      const kept = path.filter((w) => w.every((x) => Math.abs(x) < 1e6));
      const last = path[path.length - 1] as number[];
      return {
        label: String(lr),
        traces: [{
          x: roundAll(kept.map((w) => w[0] as number)), y: roundAll(kept.map((w) => w[1] as number)),
          name: `η = ${lr}, β = ${beta}: J after ${path.length - 1} steps = ${Number(q.f(last).toPrecision(3))}`,
        }],
      };
    }),
  );
  const fig = contourWithPaths((a, b) => q.f([a, b]), [{ points: [w0], name: "path", color: "#d62728" }], {
    xRange, yRange, logLevels: true, title: "Momentum: m := βm − η∇J, w := w + m",
  });
  fig.data[1]!["hovertemplate"] = "step %{pointNumber}: (%{x}, %{y})"; // the step number, with no text array in every slider state
  return addSliderPair(fig, {
    first: { prefix: "η = ", labels: lrs.map(String), active: options.activeLr ?? 0 },
    second: { prefix: "β = ", labels: betas.map(String), active: options.activeBeta ?? 0 },
    variants,
    traceIndices: [1],
  });
}

/**
 * Distill's map: the convergence rate ρ(η, β) on the bowl (the slowest direction's), as a
 * heatmap over a grid of η (across) and β (up); ρ ≥ 1 (no convergence) is drawn as 1.
 * A cross marks the optimal pair, a circle plain descent's best η.
 */
export function momentumRateMap(options: { lambdas?: number[]; lrs: number[]; betas: number[]; title?: string }): Figure {
  const lambdas = options.lambdas ?? [...ILL_CONDITIONED_LAMBDAS];
  const { lrs, betas } = options;
  if (lrs.length < 2 || betas.length < 2) throw new RangeError(`momentumRateMap: give at least two η and two β, got ${lrs.length} and ${betas.length}`);
  const z = betas.map((beta) => lrs.map((lr) => Math.min(1, bowlRate(lr, beta, lambdas))));
  const best = optimalSettings(lambdas);
  const fig = heatmap(z, { square: false, colorscale: "Viridis", zmin: Math.min(...z.flat()), zmax: 1, xLabel: "learning rate η", yLabel: "momentum β",
    title: options.title ?? `Convergence rate ρ per step on λ = ${lambdas.join(", ")} (darker is faster; 1: no convergence)` });
  Object.assign(fig.data[0] as object, { x: lrs, y: betas, hovertemplate: "η = %{x}, β = %{y}: ρ = %{z:.4f}<extra></extra>", colorbar: { title: { text: "ρ" } } });
  const layout = fig.layout as Record<string, Record<string, unknown>>;
  layout["yaxis"] = { ...layout["yaxis"], autorange: true, dtick: undefined };
  layout["xaxis"] = { ...layout["xaxis"], side: "bottom", dtick: undefined };
  fig.addTrace({ type: "scatter", mode: "markers", name: `optimal: η = ${best.momentum.lr.toFixed(4)}, β = ${best.momentum.beta.toFixed(3)}, ρ = ${best.momentum.rate.toFixed(3)}`, x: [best.momentum.lr], y: [best.momentum.beta], marker: { symbol: "x", size: 14, color: "#d62728" } });
  fig.addTrace({ type: "scatter", mode: "markers", name: `plain descent's best: η = ${best.descent.lr.toFixed(4)}, ρ = ${best.descent.rate.toFixed(3)}`, x: [best.descent.lr], y: [0], marker: { symbol: "circle-open", size: 14, color: "#ffffff", line: { width: 2 } } });
  fig.layout["legend"] = { orientation: "h", y: -0.25 };
  fig.layout["height"] = 500;
  return fig;
}
