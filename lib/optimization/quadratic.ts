import { checkVector } from "../notebook/check-numbers.js";

/**
 * The quadratic bowl J(w) = ½ Σ λᵢ wᵢ², the function on which every fact about step sizes
 * can be read off: its gradient is λᵢ wᵢ, so a descent step multiplies wᵢ by (1 − ηλᵢ).
 * With λ = [1, 50] it is ill-conditioned: steep in w₂, nearly flat in w₁.
 * @see notebooks/01-gradient-descent.ipynb
 */
export interface Quadratic {
  /** The curvatures λᵢ (the Hessian's eigenvalues). */
  lambdas: number[];
  /** J(w). */
  f(w: ArrayLike<number>): number;
  /** ∇J(w) = (λᵢ wᵢ). */
  grad(w: ArrayLike<number>): number[];
  /** κ = λmax / λmin. */
  conditionNumber: number;
}

/** Creates J(w) = ½ Σ λᵢ wᵢ² for positive curvatures `lambdas`. */
export function quadratic(lambdas: ArrayLike<number>): Quadratic {
  const ls = checkVector("quadratic", "lambdas", lambdas);
  ls.forEach((l, i) => {
    if (l <= 0) throw new RangeError(`quadratic: lambdas[${i}] must be > 0 (a bowl), got ${l}`);
  });
  const dim = (fn: string, w: ArrayLike<number>) => {
    if (w.length !== ls.length) throw new RangeError(`quadratic.${fn}: w has ${w.length} values for ${ls.length} curvatures`);
  };
  return {
    lambdas: ls,
    f(w) {
      dim("f", w);
      return ls.reduce((s, l, i) => s + 0.5 * l * (w[i] as number) ** 2, 0);
    },
    grad(w) {
      dim("grad", w);
      return ls.map((l, i) => l * (w[i] as number));
    },
    conditionNumber: Math.max(...ls) / Math.min(...ls),
  };
}

/** The notes' ill-conditioned example for momentum: λ = [1, 50] (κ = 50). */
export const ILL_CONDITIONED_LAMBDAS: readonly number[] = [1, 50];
