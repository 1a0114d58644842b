import { checkSeries } from "./check.js";
import { Figure } from "./figure.js";
import { baseLayout, type PlotOptions } from "./layout.js";
import type { Trace } from "./types.js";

/** One group of bars: a value per label. */
export interface BarSeries {
  values: ArrayLike<number>;
  name?: string;
  color?: string;
  /** Error bars: ± this much around each value (e.g. a standard error over seeds). */
  errors?: ArrayLike<number>;
}

/**
 * Bars, one group per series over shared labels (class counts, per-layer gradient norms,
 * predicted probabilities of the ten digits).
 * @see notebooks/02-vanishing-exploding-gradients.ipynb
 */
export function barChart(labels: ArrayLike<string | number>, series: BarSeries | BarSeries[], options: PlotOptions = {}): Figure {
  const xs = Array.from(labels ?? []);
  if (xs.length === 0) throw new RangeError("barChart: labels is empty; give one label per bar");
  const list = Array.isArray(series) ? series : [series];
  if (list.length === 0) throw new RangeError("barChart: no series given; pass { values: [...] }");
  const data: Trace[] = list.map((s, i) => {
    const values = Array.from(s.values ?? []);
    checkSeries("barChart", `series ${i} (${s.name ?? "unnamed"}) values`, values);
    if (values.length !== xs.length) {
      throw new RangeError(`barChart: series ${i} (${s.name ?? "unnamed"}) has ${values.length} values for ${xs.length} labels`);
    }
    const trace: Trace = { type: "bar", x: xs.map(String), y: values };
    if (s.name !== undefined) trace.name = s.name;
    if (s.color !== undefined) trace["marker"] = { color: s.color };
    if (s.errors !== undefined) {
      const errors = Array.from(s.errors);
      checkSeries("barChart", `series ${i} (${s.name ?? "unnamed"}) errors`, errors);
      if (errors.length !== xs.length) {
        throw new RangeError(`barChart: series ${i} (${s.name ?? "unnamed"}) has ${errors.length} errors for ${xs.length} labels`);
      }
      trace["error_y"] = { type: "data", array: errors, visible: true };
    }
    return trace;
  });
  const layout = baseLayout(options);
  layout["barmode"] = "group";
  layout["xaxis"] = { ...(layout["xaxis"] as object), type: "category" };
  return new Figure({ data, layout });
}

/** Options for {@link histogram}. */
export interface HistogramOptions extends PlotOptions {
  /** At most this many bins (plotly's nbinsx; default: plotly chooses). */
  bins?: number;
  /** Plot densities instead of counts. */
  density?: boolean;
}

/**
 * Histograms of one or more samples, overlaid (weights before/after training, pixel values).
 */
export function histogram(samples: Record<string, ArrayLike<number>> | ArrayLike<number>, options: HistogramOptions = {}): Figure {
  const named: [string | undefined, number[]][] = isArrayLike(samples)
    ? [[undefined, Array.from(samples)]]
    : Object.entries(samples).map(([k, v]) => [k, Array.from(v ?? [])]);
  if (named.length === 0) throw new RangeError("histogram: no samples given");
  if (options.bins !== undefined && (!Number.isInteger(options.bins) || options.bins < 1)) {
    throw new RangeError(`histogram: bins must be a positive integer, got ${options.bins}`);
  }
  const data: Trace[] = named.map(([name, values], i) => {
    checkSeries("histogram", `sample ${name ?? ""}`.trim(), values);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`histogram: sample ${name ?? ""} value [${bad}] is ${values[bad]}, not finite`);
    // one bin group: overlaid samples share their bins
    const trace: Trace = { type: "histogram", x: values, opacity: named.length > 1 ? 0.6 : 1, bingroup: "samples" };
    if (name !== undefined) trace.name = name;
    // plotly reads a bin group's nbinsx from its first trace only (2.35 and 4.x alike)
    if (options.bins !== undefined && i === 0) trace["nbinsx"] = options.bins;
    if (options.density) trace["histnorm"] = "probability density";
    return trace;
  });
  const layout = baseLayout({ yLabel: options.density ? "density" : "count", ...options });
  layout["barmode"] = "overlay";
  return new Figure({ data, layout });
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}
