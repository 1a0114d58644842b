import { checkSeries } from "./check.js";
import { Figure } from "./figure.js";
import { baseLayout, type PlotOptions } from "./layout.js";
import { roundAll } from "./round.js";
import type { Trace } from "./types.js";

/** One series of a line or scatter plot. `x` defaults to 0, 1, 2, ... */
export interface Series {
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
  name?: string;
  mode?: "lines" | "markers" | "lines+markers";
  color?: string;
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

/** A trace for one series, after checking it. */
export function seriesTrace(fn: string, s: Series, index: number, defaultMode: Series["mode"]): Trace {
  const y = Array.from(s.y ?? []);
  checkSeries(fn, `series ${index} (${s.name ?? "unnamed"}) y`, y);
  const trace: Trace = { type: "scatter", mode: s.mode ?? defaultMode, y };
  if (s.x !== undefined) {
    const x = Array.from(s.x);
    checkSeries(fn, `series ${index} (${s.name ?? "unnamed"}) x`, x);
    if (x.length !== y.length) {
      throw new RangeError(`${fn}: series ${index} (${s.name ?? "unnamed"}) has ${x.length} x values but ${y.length} y values`);
    }
    trace.x = x;
  } else {
    trace.x = y.map((_, i) => i);
  }
  if (s.name !== undefined) trace.name = s.name;
  if (s.color !== undefined || s.dash !== undefined) {
    trace["line"] = { ...(s.color ? { color: s.color } : {}), ...(s.dash ? { dash: s.dash } : {}) };
    if (s.color) trace["marker"] = { color: s.color };
  }
  return trace;
}

function plot(fn: string, series: Series | Series[], options: PlotOptions, mode: Series["mode"]): Figure {
  const list = Array.isArray(series) ? series : [series];
  if (list.length === 0) throw new RangeError(`${fn}: no series given; pass at least one { y: [...] }`);
  const data = list.map((s, i) => seriesTrace(fn, s, i, mode));
  const layout = baseLayout(options);
  // integer x (epochs, steps, layers) over a short range: one tick per integer, no 0.5s
  const xs = data.flatMap((t) => t.x as number[]);
  if (!options.logX && xs.every(Number.isInteger) && Math.max(...xs) - Math.min(...xs) <= 20) {
    layout["xaxis"] = { ...(layout["xaxis"] as object), dtick: 1 };
  }
  return new Figure({ data, layout });
}

/**
 * Lines, one per series: `linePlot([{ y: losses, name: "train" }, { y: valLosses, name: "val" }])`.
 * @see notebooks/01-gradient-descent.ipynb
 */
export function linePlot(series: Series | Series[], options: PlotOptions = {}): Figure {
  return plot("linePlot", series, options, "lines");
}

/** Points, one colour per series. */
export function scatterPlot(series: Series | Series[], options: PlotOptions = {}): Figure {
  return plot("scatterPlot", series, options, "markers");
}

/** Options for {@link curveWithIterates}. */
export interface CurveWithIteratesOptions extends PlotOptions {
  /** Where to draw the curve; default: the iterates' span, widened by 10 %, clipped to ±1e6. */
  xRange?: [number, number];
  /** Points on the curve (default 200). */
  samples?: number;
  /** Name of the curve (default "f(w)") and of the iterates (default "iterates"). */
  curveName?: string;
  iteratesName?: string;
}

/**
 * A function's curve with the points an iteration visited on it, joined in order
 * (gradient descent's w₀, w₁, ...). Non-finite iterates (divergence) are dropped from the path.
 * @see notebooks/01-gradient-descent.ipynb
 */
export function curveWithIterates(f: (w: number) => number, iterates: ArrayLike<number>, options: CurveWithIteratesOptions = {}): Figure {
  const ws = Array.from(iterates);
  checkSeries("curveWithIterates", "iterates", ws);
  const finite = ws.filter((w) => Number.isFinite(w) && Math.abs(w) < 1e6);
  const samples = options.samples ?? 200;
  if (!Number.isInteger(samples) || samples < 2) throw new RangeError(`curveWithIterates: samples must be an integer ≥ 2, got ${samples}`);
  let [lo, hi] = options.xRange ?? [Math.min(...finite), Math.max(...finite)];
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) throw new RangeError(`curveWithIterates: xRange must be finite, got [${lo}, ${hi}]`);
  if (options.xRange === undefined) {
    const pad = (hi - lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  if (!(lo < hi)) throw new RangeError(`curveWithIterates: xRange must have min < max, got [${lo}, ${hi}]`);
  const xs = Array.from({ length: samples }, (_, i) => lo + ((hi - lo) * i) / (samples - 1));
  const path = finite.map((w) => ({ w, j: f(w) }));
  return new Figure({
    data: [
      { type: "scatter", mode: "lines", name: options.curveName ?? "f(w)", x: roundAll(xs), y: roundAll(xs.map(f)), line: { color: "#1f77b4" } },
      {
        type: "scatter", mode: "lines+markers", name: options.iteratesName ?? "iterates",
        x: path.map((p) => p.w), y: path.map((p) => p.j),
        text: path.map((_, i) => `step ${i}`), marker: { size: 8, color: "#d62728" }, line: { color: "#d62728", dash: "dot" },
      },
    ],
    layout: baseLayout({ xLabel: "w", yLabel: "J(w)", ...options }),
  });
}
