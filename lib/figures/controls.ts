import type { Figure } from "./figure.js";
import type { Layout, Trace } from "./types.js";

/**
 * Interactive controls made of plotly's own `layout.sliders` and `layout.updatemenus`:
 * every state is precomputed and each step is an `update` (restyle + relayout) of the
 * figure's traces, so they work with no kernel behind them, in exported HTML too.
 */

/** One state of the figure: new attributes for some of its traces (and layout). */
export interface Variant {
  /** The step's label under the slider or on the button ("0.1"). */
  label: string;
  /** One entry per controlled trace: the attributes that change (x, y, name, ...). */
  traces: Partial<Trace>[];
  /** Layout attributes that change with it (a title, say). */
  layout?: Layout;
}

/** Options for {@link addSlider}. */
export interface SliderOptions {
  /** Shown before the current value, e.g. "η = ". */
  prefix: string;
  variants: Variant[];
  /** Which traces the variants restyle (default 0, 1, ..., n-1). */
  traceIndices?: number[];
  /** The step shown first (default 0). */
  active?: number;
}

/** The `args` of an `update` step: per-trace arrays of each changed attribute. */
export function updateArgs(fig: Figure, variant: Variant, traceIndices: number[]): [Record<string, unknown[]>, Layout, number[]] {
  if (variant.traces.length !== traceIndices.length) {
    throw new RangeError(`slider: variant "${variant.label}" has ${variant.traces.length} traces for ${traceIndices.length} controlled traces`);
  }
  const keys = new Set(variant.traces.flatMap((t) => Object.keys(t)));
  const restyle: Record<string, unknown[]> = {};
  for (const key of keys) {
    restyle[key] = variant.traces.map((t, i) => (key in t ? t[key] : fig.data[traceIndices[i] ?? -1]?.[key]));
  }
  return [restyle, variant.layout ?? {}, traceIndices];
}

function checkVariants(fn: string, fig: Figure, variants: Variant[], traceIndices: number[], active: number): void {
  if (variants.length === 0) throw new RangeError(`${fn}: no variants given`);
  if (!Number.isInteger(active) || active < 0 || active >= variants.length) {
    throw new RangeError(`${fn}: active is ${active} but there are ${variants.length} variants`);
  }
  for (const i of traceIndices) {
    if (fig.data[i] === undefined) throw new RangeError(`${fn}: trace ${i} does not exist; the figure has ${fig.data.length}`);
  }
}

/** Puts the active variant's attributes into the figure's traces, so it opens in that state. */
function applyVariant(fig: Figure, variant: Variant, traceIndices: number[]): void {
  variant.traces.forEach((t, i) => Object.assign(fig.data[traceIndices[i] as number] as Trace, t));
  Object.assign(fig.layout, variant.layout ?? {});
}

function sliderSteps(fig: Figure, variants: Variant[], traceIndices: number[]): Layout[] {
  return variants.map((v) => ({ label: v.label, method: "update", args: updateArgs(fig, v, traceIndices) }));
}

function sliderLayout(prefix: string, steps: Layout[], active: number): Layout {
  return { active, steps, currentvalue: { prefix, visible: true }, pad: { t: 10 }, x: 0, len: 1, yanchor: "top" };
}

/**
 * Adds a slider that moves through precomputed variants of some traces:
 * `addSlider(fig, { prefix: "η = ", variants: etas.map(...) })`. Returns the figure.
 * @see notebooks/01-gradient-descent.ipynb
 */
export function addSlider(fig: Figure, options: SliderOptions): Figure {
  const { variants, active = 0 } = options;
  const traceIndices = options.traceIndices ?? (variants[0]?.traces ?? []).map((_, i) => i);
  checkVariants("addSlider", fig, variants, traceIndices, active);
  const steps = sliderSteps(fig, variants, traceIndices);
  applyVariant(fig, variants[active] as Variant, traceIndices);
  const sliders = (fig.layout["sliders"] as Layout[] | undefined) ?? [];
  sliders.push(sliderLayout(options.prefix, steps, active));
  fig.layout["sliders"] = sliders;
  bottomMargin(fig, 1);
  return fig;
}

/** Options for {@link addSliderPair}: two parameters, every combination precomputed. */
export interface SliderPairOptions {
  /** The first slider's prefix and labels (e.g. η). */
  first: { prefix: string; labels: string[]; active?: number };
  /** The second slider's prefix and labels (e.g. β). */
  second: { prefix: string; labels: string[]; active?: number };
  /** `variants[j][i]`: the state for second = j, first = i. */
  variants: Variant[][];
  traceIndices?: number[];
}

/**
 * Two sliders over a grid of precomputed states (η and β for momentum). Plotly's slider
 * steps cannot read each other, so moving the second slider swaps the first slider's
 * steps for that row of the grid (a relayout of `sliders[k].steps`) and shows the state at
 * the first slider's default position.
 * @see notebooks/04-momentum.ipynb
 */
export function addSliderPair(fig: Figure, options: SliderPairOptions): Figure {
  const { first, second, variants } = options;
  const a1 = first.active ?? 0;
  const a2 = second.active ?? 0;
  if (variants.length !== second.labels.length) {
    throw new RangeError(`addSliderPair: ${variants.length} rows of variants for ${second.labels.length} values of ${second.prefix}`);
  }
  variants.forEach((row, j) => {
    if (row.length !== first.labels.length) {
      throw new RangeError(`addSliderPair: row ${j} has ${row.length} variants for ${first.labels.length} values of ${first.prefix}`);
    }
  });
  const traceIndices = options.traceIndices ?? (variants[0]?.[0]?.traces ?? []).map((_, i) => i);
  checkVariants("addSliderPair", fig, variants[a2] ?? [], traceIndices, a1);
  const rows = variants.map((row) => sliderSteps(fig, row.map((v, i) => ({ ...v, label: first.labels[i] as string })), traceIndices));
  const sliders = (fig.layout["sliders"] as Layout[] | undefined) ?? [];
  const k = sliders.length;
  const secondSteps = variants.map((row, j) => {
    const [restyle, layout, idx] = updateArgs(fig, row[a1] as Variant, traceIndices);
    return {
      label: second.labels[j],
      method: "update",
      args: [restyle, { ...layout, [`sliders[${k}].steps`]: rows[j], [`sliders[${k}].active`]: a1 }, idx],
    };
  });
  applyVariant(fig, variants[a2]?.[a1] as Variant, traceIndices);
  sliders.push(sliderLayout(first.prefix, rows[a2] as Layout[], a1));
  sliders.push(sliderLayout(second.prefix, secondSteps, a2));
  fig.layout["sliders"] = sliders;
  bottomMargin(fig, 2);
  return fig;
}

/** Adds buttons (a plotly updatemenu) that switch between variants. Returns the figure. */
export function addButtons(fig: Figure, options: { variants: Variant[]; traceIndices?: number[]; active?: number }): Figure {
  const { variants, active = 0 } = options;
  const traceIndices = options.traceIndices ?? (variants[0]?.traces ?? []).map((_, i) => i);
  checkVariants("addButtons", fig, variants, traceIndices, active);
  const buttons = variants.map((v) => ({ label: v.label, method: "update", args: updateArgs(fig, v, traceIndices) }));
  applyVariant(fig, variants[active] as Variant, traceIndices);
  const menus = (fig.layout["updatemenus"] as Layout[] | undefined) ?? [];
  menus.push({ type: "buttons", direction: "right", active, buttons, x: 0, xanchor: "left", y: 1.15, yanchor: "bottom", showactive: true });
  fig.layout["updatemenus"] = menus;
  const margin = (fig.layout["margin"] as Layout | undefined) ?? {};
  fig.layout["margin"] = { ...margin, t: Math.max(Number(margin["t"] ?? 0), 90) };
  return fig;
}

/** Pixels each slider takes below the plot (current value, track, tick labels). */
const SLIDER_PX = 95;

/** Makes room below the plot for the sliders and stacks them there, in pixels. */
function bottomMargin(fig: Figure, added: number): void {
  const margin = (fig.layout["margin"] as Layout | undefined) ?? {};
  const nSliders = (fig.layout["sliders"] as Layout[]).length;
  const axisTitle = 60; // the x axis' tick labels and title sit in the first 60 px
  fig.layout["margin"] = { ...margin, b: axisTitle + SLIDER_PX * nSliders };
  fig.layout["height"] = Number(fig.layout["height"] ?? 420) + SLIDER_PX * added;
  const plotH = Number(fig.layout["height"]) - Number((fig.layout["margin"] as Layout)["t"] ?? 50) - Number((fig.layout["margin"] as Layout)["b"]);
  (fig.layout["sliders"] as Layout[]).forEach((slider, k) => {
    slider["y"] = -(axisTitle + SLIDER_PX * k) / plotH;
  });
}
