/**
 * Rounding for numbers the library computes only to be drawn (contour grids, sampled
 * curves, precomputed slider states): a figure's JSON travels twice in every output
 * (plotly JSON and HTML), and 17-digit floats would triple its size for no visible gain.
 */

/** `v` to `digits` significant digits; non-finite values unchanged. */
export function roundForPlot(v: number, digits = 6): number {
  return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(digits)) : v;
}

/** {@link roundForPlot} over an array. */
export function roundAll(values: readonly number[], digits = 6): number[] {
  return values.map((v) => roundForPlot(v, digits));
}

/** Significant digits a figure's numbers keep: 1 part in 10⁵, below a pixel on any screen. */
export const SPEC_DIGITS = 5;

/**
 * A spec with every array of numbers rounded to what the eye can see: {@link SPEC_DIGITS}
 * significant digits, plus as many as an array needs when its values sit far from zero
 * compared with their spread (e.g. accuracies 0.98121–0.98135 keep their differences).
 * Integers and single numbers (ranges, sizes) are left alone; slider states are rounded too.
 */
export function roundSpec<T>(value: T): T {
  return roundValue(value) as T;
}

function roundValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length > 1 && value.every((v) => typeof v === "number" || v === null)) return roundNumbers(value as (number | null)[]);
    return value.map(roundValue);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundValue(v)]));
  }
  return value;
}

function roundNumbers(values: (number | null)[]): (number | null)[] {
  let lo = Infinity, hi = -Infinity, big = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v); hi = Math.max(hi, v); big = Math.max(big, Math.abs(v));
  }
  const spread = hi - lo;
  const extra = spread > 0 && big > 0 ? Math.max(0, Math.floor(Math.log10(big / spread))) : 0;
  const digits = Math.min(17, SPEC_DIGITS + extra);
  return values.map((v) => (v === null || Number.isInteger(v) ? v : roundForPlot(v, digits)));
}
