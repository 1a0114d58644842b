/**
 * Rounding for numbers the library computes only to be drawn (contour grids, sampled
 * curves, precomputed slider states), and for a whole figure spec before it is stored:
 * 17-digit floats would triple a figure's size for no visible gain.
 */
import { closerThanFloat32, extent } from "./bdata.js";

/** `v` to `digits` significant digits; non-finite values unchanged. */
export function roundForPlot(v: number, digits = 6): number {
  return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(digits)) : v;
}

/** {@link roundForPlot} over an array. */
export function roundAll(values: readonly number[], digits = 6): number[] {
  return values.map((v) => roundForPlot(v, digits));
}

/** The shortest decimal that is the same float32 as `v` (what a float32 holds: 1–9 digits); integers and non-finite values unchanged. */
export function toFloat32Precision(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  const f = Math.fround(v);
  if (!Number.isFinite(f) || f === 0) return v; // beyond float32's range: keep
  for (let p = 1; p < 9; p++) {
    const c = Number(v.toPrecision(p));
    if (Math.fround(c) === f) return c;
  }
  return Number(f.toPrecision(9));
}

/**
 * A spec with every array of numbers rounded to what float32 holds ({@link toFloat32Precision}),
 * the precision plotly's typed arrays store (see bdata.ts). An array whose values sit closer
 * together than float32 tells apart (e.g. 1000.000001–1000.000009) is left as it is. Integers
 * and single numbers (ranges, sizes) are left alone; slider states are rounded too.
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
  const { lo, hi } = extent(values);
  if (closerThanFloat32(lo, hi)) return values;
  return values.map((v) => (v === null ? v : toFloat32Precision(v)));
}
