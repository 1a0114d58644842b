/**
 * Results over several seeds: one training run is one draw from a distribution (the initial
 * weights, the shuffle, the augmentation all depend on the seed), so an experiment reports the
 * mean over seeds and its standard error, SE = s / √n with s the sample standard deviation.
 * @see notebooks/07-data-augmentation.ipynb
 */

/** Mean and standard error of `n` values (SE is NaN for a single value: one seed has no spread). */
export interface MeanSE {
  mean: number;
  se: number;
  n: number;
}

/** The mean of `values` and its standard error s / √n. */
export function meanSE(values: ArrayLike<number>): MeanSE {
  const xs = Array.from(values);
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x))) {
    throw new RangeError(`meanSE: values must be a non-empty list of finite numbers, got [${xs.join(", ")}]`);
  }
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: Number.NaN, n };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n), n };
}

/** "92.8 ± 0.4" for accuracies 0.928… with SE 0.004… (`scale` 100: in points), "92.8 (1 seed)" for one. */
export function formatMeanSE(m: MeanSE, options: { scale?: number; digits?: number } = {}): string {
  const { scale = 100, digits = 1 } = options;
  const mean = (scale * m.mean).toFixed(digits);
  return m.n === 1 ? `${mean} (1 seed)` : `${mean} ± ${(scale * m.se).toFixed(digits)}`;
}

/** How an arm compares with a baseline over the same seeds. */
export interface PairedComparison {
  /** Mean and SE of the per-seed differences arm − baseline. */
  difference: MeanSE;
  /** "higher than" or "lower than" when |mean| > 2 SE, else "not distinguishable from". */
  verdict: "higher than" | "lower than" | "not distinguishable from";
}

/**
 * Compares `values` with `baseline` seed by seed (entry i of each came from seed i): the mean
 * difference counts only when it is more than twice its standard error. One seed never counts.
 */
export function compareSeeds(values: readonly number[], baseline: readonly number[]): PairedComparison {
  if (values.length !== baseline.length) {
    throw new RangeError(`compareSeeds: ${values.length} values against ${baseline.length} baseline values; give one of each per seed`);
  }
  const difference = meanSE(values.map((v, i) => v - baseline[i]!));
  const clear = difference.n > 1 && Math.abs(difference.mean) > 2 * difference.se;
  return { difference, verdict: clear ? (difference.mean > 0 ? "higher than" : "lower than") : "not distinguishable from" };
}
