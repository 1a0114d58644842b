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
