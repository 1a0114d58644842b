/**
 * Specs that plotly.js 2.35 (VS Code's renderer, jupyterlab-plotly 5.24) and 4.x (what tsdl
 * ships) draw the same. The figures keep to a common subset, and this check says where a spec
 * leaves it:
 * - removed in 3.0: a string `title` (2.35 reads both; 3.x+ wants `{ text }`), `titlefont`,
 *   `titleside`, `titleposition`, `titleoffset`, `autotick`, `bardir`, annotation `ref`,
 *   error-bar `opacity`, `transforms`, the `heatmapgl`/`pointcloud` traces;
 * - removed in 4.0: the `*mapbox` traces, `*src` attributes and `hidesources`, Chart Studio
 *   config (`showLink`, `linkText`, `sendData`, `showSources`); colors that 4.x's CSS parser
 *   rejects or reads differently (`hsv()`, hex without `#`, fractional `rgb()` channels); an
 *   `overlaying` axis without `tickmode` (4.x defaults it to "sync");
 * - anything else outside {@link PORTABLE_ATTRIBUTES}: attributes added after 2.35 (e.g. the
 *   `quiver` trace) draw nothing, or differently, in 2.35, so every attribute path the figures
 *   use is listed, each one present in plotly.js since 2.x or earlier.
 */
import type { FigureSpec } from "./types.js";

const TRACE_TYPES = new Set(["scatter", "bar", "heatmap", "contour", "histogram"]);

/** Attribute paths (axis numbers and array indices dropped) known to draw the same in 2.35 and 4.x. */
export const PORTABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  // traces
  ...["type", "name", "mode", "x", "y", "z", "text", "xaxis", "yaxis", "visible", "showlegend", "legendgroup", "hoverinfo",
    "hovertemplate", "texttemplate", "textfont.size", "line.color", "line.width", "line.dash", "line.shape", "marker.color",
    "marker.size", "marker.symbol", "marker.opacity", "opacity", "fill", "colorscale", "reversescale", "showscale", "zmin", "zmax",
    "xgap", "ygap", "colorbar.title.text", "contours.coloring", "contours.showlines", "ncontours", "nbinsx", "bingroup", "xbins.start",
    "xbins.end", "xbins.size", "orientation", "width", "offsetgroup", "connectgaps", "textposition", "histnorm"].map((a) => `trace.${a}`),
  // layout
  ...["height", "width", "margin.l", "margin.r", "margin.t", "margin.b", "title.text", "title.x", "title.y", "title.xanchor",
    "title.yanchor", "showlegend", "legend.orientation", "legend.x", "legend.y", "legend.xanchor", "legend.yanchor", "barmode",
    "bargap", "hovermode", "annotations.text", "annotations.x", "annotations.y", "annotations.xref", "annotations.yref",
    "annotations.xanchor", "annotations.yanchor", "annotations.showarrow", "annotations.font.size", "shapes.type", "shapes.x0",
    "shapes.x1", "shapes.y0", "shapes.y1", "shapes.xref", "shapes.yref", "shapes.line.color", "shapes.line.width", "shapes.line.dash",
    "sliders.active", "sliders.currentvalue.prefix", "sliders.currentvalue.visible", "sliders.len", "sliders.pad.t", "sliders.x",
    "sliders.y", "sliders.xanchor", "sliders.yanchor", "sliders.steps.label", "sliders.steps.method", "sliders.steps.args",
    "updatemenus.type", "updatemenus.direction", "updatemenus.active", "updatemenus.x", "updatemenus.y", "updatemenus.xanchor",
    "updatemenus.yanchor", "updatemenus.showactive", "updatemenus.buttons.label", "updatemenus.buttons.method", "updatemenus.buttons.args",
    ...["anchor", "autorange", "constrain", "domain", "dtick", "exponentformat", "range", "rangemode", "scaleanchor", "scaleratio",
      "showgrid", "showticklabels", "side", "tickformat", "tickmode", "ticks", "ticktext", "tickvals", "title.text", "type", "visible", "zeroline",
      "overlaying"].flatMap((a) => [`xaxis.${a}`, `yaxis.${a}`])].map((a) => `layout.${a}`),
  // config
  ...["responsive", "displaylogo", "displayModeBar", "staticPlot", "scrollZoom"].map((a) => `config.${a}`),
]);

const REMOVED = /^(titlefont|titleside|titleposition|titleoffset|autotick|bardir|transforms|hidesources|showLink|linkText|sendData|showSources|.+src)$/;

/** Where `spec` leaves the common subset of plotly.js 2.35 and 4.x, one line each (empty: portable). */
export function portabilityProblems(spec: FigureSpec): string[] {
  const problems: string[] = [];
  spec.data.forEach((trace, i) => {
    const type = trace.type ?? "scatter";
    if (!TRACE_TYPES.has(type)) problems.push(`data[${i}]: trace type "${type}" is not in the checked subset (${[...TRACE_TYPES].join(", ")})`);
    walk(trace, `data[${i}]`, "trace", problems);
  });
  walk(spec.layout, "layout", "layout", problems);
  walk(spec.config ?? {}, "config", "config", problems);
  for (const [name, axis] of Object.entries(spec.layout)) {
    if (/^[xy]axis\d*$/.test(name) && isObject(axis) && axis["overlaying"] !== undefined && axis["tickmode"] === undefined) {
      problems.push(`layout.${name}: an overlaying axis needs an explicit tickmode (4.x defaults to "sync", 2.35 to "auto")`);
    }
  }
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function walk(value: Record<string, unknown>, where: string, path: string, problems: string[]): void {
  for (const [key, v] of Object.entries(value)) {
    const here = `${where}.${key}`;
    const generic = `${path}.${key.replace(/^([xy]axis)\d+$/, "$1")}`;
    if (REMOVED.test(key)) { problems.push(`${here}: removed in plotly.js 3 or 4`); continue; }
    if (key === "title" && typeof v === "string") { problems.push(`${here}: a string title; write { text: ${JSON.stringify(v)} } (3.x+ ignores strings)`); continue; }
    if (generic.endsWith("steps.args") || generic.endsWith("buttons.args")) { checkArgs(v, here, problems); continue; }
    if (typeof v === "string" && /color$/i.test(key)) checkColor(v, here, problems);
    if (isObject(v) && !PORTABLE_ATTRIBUTES.has(generic)) { walk(v, here, generic, problems); continue; }
    if (Array.isArray(v) && v.some(isObject) && !PORTABLE_ATTRIBUTES.has(generic)) {
      v.forEach((item, j) => isObject(item) && walk(item, `${here}[${j}]`, generic, problems));
      continue;
    }
    if (!PORTABLE_ATTRIBUTES.has(generic)) problems.push(`${here}: not in the attributes known to draw the same in plotly.js 2.35 and 4.x`);
  }
}

/** Slider and button steps: `[traceUpdate, layoutUpdate?, traceIndices?]`; their keys are attribute names too. */
function checkArgs(args: unknown, where: string, problems: string[]): void {
  if (!Array.isArray(args)) return;
  const [traces, layout] = args as unknown[];
  if (isObject(traces)) walk(traces, `${where}[0]`, "trace", problems);
  // a layout update's keys are attribute paths ("sliders[0].steps", "title.text"): indices dropped
  if (isObject(layout)) walk(Object.fromEntries(Object.entries(layout).map(([k, v]) => [k.replace(/\[\d+\]/g, ""), v])), `${where}[1]`, "layout", problems);
}

function checkColor(color: string, where: string, problems: string[]): void {
  const ok = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(color) || /^[a-z]+$/i.test(color) ||
    /^rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(,\s*(0|1|0?\.\d+)\s*)?\)$/.test(color);
  if (!ok) problems.push(`${where}: color ${JSON.stringify(color)} may read differently in 4.x (use #rrggbb, a CSS name, or rgb() with integer channels)`);
}
