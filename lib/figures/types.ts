/**
 * The plotly.js figure vocabulary tsdl uses: traces, layout and config as plain JSON,
 * exactly as `Plotly.newPlot(div, data, layout, config)` and the
 * `application/vnd.plotly.v1+json` MIME type take them. Only the fields the library
 * reads are named; any other plotly attribute may be added.
 */

/** One plotly trace (a series): `{ type: "scatter", x, y, name, ... }`. */
export interface Trace {
  type?: string;
  name?: string;
  mode?: string;
  x?: unknown[];
  y?: unknown[];
  z?: unknown[][];
  text?: unknown;
  xaxis?: string;
  yaxis?: string;
  visible?: boolean | "legendonly";
  [attribute: string]: unknown;
}

/** Plotly's layout (title, axes, sliders, updatemenus, ...). */
export type Layout = Record<string, unknown>;

/** Plotly's config (responsive, displayModeBar, ...). */
export type Config = Record<string, unknown>;

/** What a figure is, as JSON: the payload of `application/vnd.plotly.v1+json`. */
export interface FigureSpec {
  data: Trace[];
  layout: Layout;
  config?: Config;
}
