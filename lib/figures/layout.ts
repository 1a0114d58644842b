import type { Layout } from "./types.js";

/** Options every builder accepts: title, axis labels, size. */
export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Pixels; default: the width of the output area. */
  width?: number;
  /** Pixels; default 420. */
  height?: number;
  /** Logarithmic y axis. */
  logY?: boolean;
  /** Logarithmic x axis. */
  logX?: boolean;
}

/** The layout the builders share: title, labelled axes, compact margins. */
export function baseLayout(options: PlotOptions = {}): Layout {
  const layout: Layout = {
    height: options.height ?? 420,
    margin: { l: 60, r: 20, t: options.title ? 50 : 20, b: 50 },
    xaxis: { title: { text: options.xLabel ?? "" }, ...(options.logX ? { type: "log", exponentformat: "power" } : {}) },
    yaxis: { title: { text: options.yLabel ?? "" }, ...(options.logY ? { type: "log", exponentformat: "power" } : {}) },
  };
  if (options.title !== undefined) layout["title"] = { text: options.title };
  if (options.width !== undefined) layout["width"] = options.width;
  return layout;
}
