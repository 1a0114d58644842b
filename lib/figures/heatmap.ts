import { checkMatrix } from "./check.js";
import { Figure } from "./figure.js";
import { levelledImage } from "./grey-levels.js";
import { baseLayout, type PlotOptions } from "./layout.js";

/** Light to dark blue: numbers written in the cells stay readable. */
export const VALUE_SCALE: [number, string][] = [[0, "#f7fbff"], [1, "#08519c"]];

/** Options for {@link heatmap}. */
export interface HeatmapOptions extends PlotOptions {
  /** Write each cell's number in it (kernels, feature maps, small matrices). */
  showValues?: boolean;
  /** A plotly colorscale name or list (default "Viridis", or light-to-dark blue with `showValues`; images use "Greys"). */
  colorscale?: string | [number, string][];
  zmin?: number;
  zmax?: number;
  /** Square cells (default true): images and kernels keep their shape. */
  square?: boolean;
  /** Hide axis ticks (default: false, except for images). */
  hideAxes?: boolean;
  /** Show the colour bar (default true). */
  showScale?: boolean;
  /** Digits after the point in written values (default: as many as needed, up to 3). */
  valueDigits?: number;
}

/**
 * A matrix as coloured cells, row 0 at the top like an image: a feature map, a kernel,
 * a weight matrix. With `showValues` each cell carries its number.
 * @see notebooks/05-convolution.ipynb
 */
export function heatmap(matrix: ArrayLike<ArrayLike<number>>, options: HeatmapOptions = {}): Figure {
  const rows = Array.from(matrix ?? [], (r) => Array.from(r ?? []));
  const [nRows, nCols] = checkMatrix("heatmap", "matrix", rows);
  const square = options.square ?? true;
  const trace: Record<string, unknown> = {
    type: "heatmap", z: rows, colorscale: options.colorscale ?? (options.showValues ? VALUE_SCALE : "Viridis"), showscale: options.showScale ?? true,
    xgap: options.showValues ? 1 : 0, ygap: options.showValues ? 1 : 0,
    hovertemplate: "row %{y}, col %{x}: %{z}<extra></extra>",
  };
  if (options.zmin !== undefined) trace["zmin"] = options.zmin;
  if (options.zmax !== undefined) trace["zmax"] = options.zmax;
  if (options.showValues) {
    const d = options.valueDigits;
    trace["text"] = rows.map((r) => r.map((v) => (d === undefined ? String(Number(v.toFixed(3))) : v.toFixed(d))));
    trace["texttemplate"] = "%{text}";
    trace["textfont"] = { size: Math.max(8, Math.min(16, Math.floor(300 / Math.max(nRows, nCols)))) };
  }
  const layout = baseLayout({ height: Math.min(520, 120 + 34 * Math.max(nRows, 4)), ...options });
  if (square && options.width === undefined) {
    // as wide as the square cells need, plus margins and the colour bar
    const m = layout["margin"] as Record<string, number>;
    const plotH = Number(layout["height"]) - (m["t"] ?? 0) - (m["b"] ?? 0);
    layout["width"] = Math.max(260, Math.round((plotH * nCols) / nRows) + (m["l"] ?? 0) + (m["r"] ?? 0) + (trace["showscale"] ? 110 : 0));
  }
  const hide = options.hideAxes ?? false;
  layout["xaxis"] = { ...(layout["xaxis"] as object), side: "top", showgrid: false, zeroline: false, showticklabels: !hide, ticks: "", constrain: "domain", ...(square ? { scaleanchor: "y" } : {}) };
  layout["yaxis"] = { ...(layout["yaxis"] as object), autorange: "reversed", showgrid: false, zeroline: false, showticklabels: !hide, ticks: "", constrain: "domain" };
  if (nCols <= 30) (layout["xaxis"] as Record<string, unknown>)["dtick"] = 1;
  if (nRows <= 30) (layout["yaxis"] as Record<string, unknown>)["dtick"] = 1;
  return new Figure({ data: [trace], layout });
}

/**
 * A grey-scale image: low values black, high values white (MNIST's white ink on black), its
 * pixels stored as 8-bit grey levels where that keeps the picture (see grey-levels.ts).
 */
export function imageHeatmap(pixels: ArrayLike<ArrayLike<number>>, options: HeatmapOptions = {}): Figure {
  const rows = Array.from(pixels ?? [], (r) => Array.from(r ?? []));
  checkMatrix("imageHeatmap", "pixels", rows);
  if (options.showValues) return heatmap(rows, { colorscale: "Greys", hideAxes: true, showScale: false, ...options });
  const levelled = levelledImage(rows, options.zmin, options.zmax);
  const { zmin, zmax } = levelled;
  const fig = heatmap(levelled.z, { colorscale: "Greys", hideAxes: true, showScale: false, ...options, ...(zmin !== undefined ? { zmin } : {}), ...(zmax !== undefined ? { zmax } : {}) });
  fig.data[0]!["hovertemplate"] = `row %{y}, col %{x} ${levelled.value}<extra></extra>`;
  return fig;
}
