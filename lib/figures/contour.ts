import { checkSeries } from "./check.js";
import { Figure } from "./figure.js";
import { baseLayout, type PlotOptions } from "./layout.js";
import { roundAll, roundForPlot } from "./round.js";
import type { Trace } from "./types.js";

/** A path of 2-D points, e.g. the weights (w₁, w₂) an optimizer visited. */
export interface Path2D {
  points: ArrayLike<readonly [number, number]>;
  name?: string;
  color?: string;
}

/** Options for {@link contourWithPaths}. */
export interface ContourOptions extends PlotOptions {
  xRange: [number, number];
  yRange: [number, number];
  /** Grid points per axis (default 80). */
  samples?: number;
  /** Number of contour levels (default 25). */
  levels?: number;
  /** Draw log(1 + f) instead of f, so a steep bowl still shows its floor. */
  logLevels?: boolean;
}

/**
 * Contours of f(x, y) with one or more paths drawn over them (an optimizer's trajectory).
 * Points outside the ranges or non-finite (divergence) are cut from the path.
 * @see notebooks/04-momentum.ipynb
 */
export function contourWithPaths(f: (x: number, y: number) => number, paths: Path2D[], options: ContourOptions): Figure {
  const { xRange, yRange, samples = 80, levels = 25 } = options;
  for (const [name, r] of [["xRange", xRange], ["yRange", yRange]] as const) {
    if (!Array.isArray(r) || r.length !== 2 || !(r[0] < r[1]) || !r.every(Number.isFinite)) {
      throw new RangeError(`contourWithPaths: ${name} must be [min, max] with min < max, got ${JSON.stringify(r)}`);
    }
  }
  if (!Number.isInteger(samples) || samples < 2) throw new RangeError(`contourWithPaths: samples must be an integer ≥ 2, got ${samples}`);
  const axis = ([lo, hi]: [number, number]) => roundAll(Array.from({ length: samples }, (_, i) => lo + ((hi - lo) * i) / (samples - 1)));
  const xs = axis(xRange);
  const ys = axis(yRange);
  const z = ys.map((y) => xs.map((x) => roundForPlot(options.logLevels ? Math.log1p(Math.max(0, f(x, y))) : f(x, y), 4)));
  const data: Trace[] = [
    {
      type: "contour", x: xs, y: ys, z, ncontours: levels, colorscale: "Viridis", reversescale: true,
      contours: { coloring: "heatmap" }, line: { width: 0.5 },
      colorbar: { title: { text: options.logLevels ? "log(1+J)" : "J" } }, name: "J", hoverinfo: "x+y+z",
    },
  ];
  const inView = ([x, y]: readonly [number, number]) =>
    Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) < 1e6 && Math.abs(y) < 1e6;
  paths.forEach((p, i) => {
    const pts = Array.from(p.points);
    checkSeries("contourWithPaths", `path ${i} (${p.name ?? "unnamed"}) x`, pts.map((q) => q?.[0]));
    checkSeries("contourWithPaths", `path ${i} (${p.name ?? "unnamed"}) y`, pts.map((q) => q?.[1]));
    const kept = pts.filter(inView);
    data.push({
      type: "scatter", mode: "lines+markers", name: p.name ?? `path ${i}`,
      x: kept.map((q) => q[0]), y: kept.map((q) => q[1]), text: kept.map((_, k) => `step ${k}`),
      marker: { size: 5, ...(p.color ? { color: p.color } : {}) }, line: { width: 2, ...(p.color ? { color: p.color } : {}) },
    });
  });
  const layout = baseLayout({ xLabel: "w₁", yLabel: "w₂", ...options });
  layout["xaxis"] = { ...(layout["xaxis"] as object), range: xRange };
  layout["yaxis"] = { ...(layout["yaxis"] as object), range: yRange };
  layout["legend"] = { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" };
  layout["showlegend"] = true;
  layout["margin"] = { ...(layout["margin"] as object), t: options.title ? 90 : 50 };
  return new Figure({ data, layout });
}
