import { checkFinite, checkVector } from "../notebook/check-numbers.js";

/**
 * How fast momentum converges on a quadratic, as Distill's "Why Momentum Really Works"
 * analyses it. On J = ½λw² one step maps (m, w) linearly:
 *
 *   m' = βm − ηλw,   w' = w + m' = βm + (1 − ηλ)w,   R = [[β, −ηλ], [β, 1 − ηλ]],
 *
 * so the error shrinks like ρ^t, with ρ the larger |eigenvalue| of R (the roots of
 * μ² − (1 + β − ηλ)μ + β = 0). On a bowl with several curvatures the slowest one sets the rate.
 * @see notebooks/04-momentum.ipynb
 */

/** ρ(η, β, λ): the factor by which momentum's error shrinks per step on J = ½λw² (≥ 1: no convergence). */
export function momentumRate(lr: number, beta: number, lambda: number): number {
  checkFinite("momentumRate", "lr (η)", lr);
  checkFinite("momentumRate", "beta (β)", beta);
  checkFinite("momentumRate", "lambda (λ)", lambda);
  if (beta < 0 || beta >= 1) throw new RangeError(`momentumRate: beta (β) must be in [0, 1), got ${beta}`);
  const b = 1 + beta - lr * lambda; // the trace of R; its determinant is β
  const disc = b * b - 4 * beta;
  if (disc < 0) return Math.sqrt(beta); // complex pair: both roots have modulus √β
  const root = Math.sqrt(disc);
  return Math.max(Math.abs((b + root) / 2), Math.abs((b - root) / 2));
}

/** The rate on a bowl with curvatures `lambdas`: the slowest direction's. */
export function bowlRate(lr: number, beta: number, lambdas: ArrayLike<number>): number {
  const ls = checkVector("bowlRate", "lambdas", lambdas);
  return Math.max(...ls.map((l) => momentumRate(lr, beta, l)));
}

/** The best settings for a bowl with curvatures in [λmin, λmax], and the rates they reach. */
export interface OptimalSettings {
  /** κ = λmax/λmin. */
  kappa: number;
  /** Plain descent: η = 2/(λmin + λmax), rate (κ − 1)/(κ + 1). */
  descent: { lr: number; rate: number };
  /** Momentum: η = (2/(√λmin + √λmax))², β = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1). */
  momentum: { lr: number; beta: number; rate: number };
}

/** The optimal η (and β) for plain descent and for momentum on a bowl (Distill, after Polyak). */
export function optimalSettings(lambdas: ArrayLike<number>): OptimalSettings {
  const ls = checkVector("optimalSettings", "lambdas", lambdas);
  const bad = ls.find((l) => !(l > 0));
  if (bad !== undefined) throw new RangeError(`optimalSettings: curvatures must be > 0, got ${bad}`);
  const lo = Math.min(...ls);
  const hi = Math.max(...ls);
  const kappa = hi / lo;
  const sk = Math.sqrt(kappa);
  return {
    kappa,
    descent: { lr: 2 / (lo + hi), rate: (kappa - 1) / (kappa + 1) },
    momentum: { lr: (2 / (Math.sqrt(lo) + Math.sqrt(hi))) ** 2, beta: ((sk - 1) / (sk + 1)) ** 2, rate: (sk - 1) / (sk + 1) },
  };
}

/** Steps for an error to shrink by `factor` at rate ρ: ⌈ln factor / ln ρ⌉ (Infinity if ρ ≥ 1). */
export function stepsToShrink(rate: number, factor: number): number {
  checkFinite("stepsToShrink", "rate", rate);
  checkFinite("stepsToShrink", "factor", factor);
  if (factor <= 0 || factor >= 1) throw new RangeError(`stepsToShrink: factor must be in (0, 1), got ${factor}`);
  return rate >= 1 ? Infinity : rate <= 0 ? 1 : Math.ceil(Math.log(factor) / Math.log(rate));
}
