import { conv2d, pad2d, type ConvOptions } from "./convolution.js";
import { addSlider, type Variant } from "../figures/controls.js";
import { Figure } from "../figures/figure.js";
import { VALUE_SCALE } from "../figures/heatmap.js";
import type { Layout } from "../figures/types.js";

/**
 * The sliding window, step by step: the (padded) input with the window outlined on the left,
 * the output filling in on the right, and a slider over the steps. Every step is
 * precomputed, so the slider works without a kernel.
 * @see notebooks/05-convolution.ipynb
 */
export function convolutionStepsFigure(
  input: ArrayLike<ArrayLike<number>>,
  kernel: ArrayLike<ArrayLike<number>>,
  options: ConvOptions & { active?: number; title?: string } = {},
): Figure {
  const map = conv2d(input, kernel, options);
  const prov = map.provenance!;
  const xp = pad2d(prov.input, prov.options.padding);
  const { dilation } = prov.options;
  const kh = prov.kernel.length;
  const kw = (prov.kernel[0] as number[]).length;
  const [outH, outW] = map.shape;
  const steps = prov.steps;
  const active = options.active ?? steps.length - 1;
  if (!Number.isInteger(active) || active < 0 || active >= steps.length) {
    throw new RangeError(`convolutionStepsFigure: active is ${active} but there are ${steps.length} steps`);
  }
  // whole numbers (the notes' digits and kernels) are written by plotly from z: no text arrays in every step
  const whole = [...xp.flat(), ...map.output.flat()].every((v) => Number.isInteger(v));
  const cellText = (m: (number | null)[][]) => m.map((r) => r.map((v) => (v === null ? "" : String(Number(v.toFixed(3))))));
  const written = (m: (number | null)[][]) => (whole ? { texttemplate: "%{z}" } : { text: cellText(m), texttemplate: "%{text}" });
  const partial = (k: number) => map.output.map((row, r) => row.map((v, c) => (r * outW + c <= k ? v : null)));
  const rect = (xref: string, yref: string, r0: number, c0: number, h: number, w: number, color: string) =>
    ({ type: "rect", xref, yref, x0: c0 - 0.5, x1: c0 + w - 0.5, y0: r0 - 0.5, y1: r0 + h - 0.5, line: { color, width: 3 } });
  const shapesFor = (k: number) => {
    const s = steps[k]!;
    return [
      rect("x", "y", s.inRow, s.inCol, dilation * (kh - 1) + 1, dilation * (kw - 1) + 1, "#d62728"),
      rect("x2", "y2", s.outRow, s.outCol, 1, 1, "#d62728"),
    ];
  };
  const hidden = { showgrid: false, zeroline: false, ticks: "", constrain: "domain" };
  const layout: Layout = {
    height: 430,
    title: { text: options.title ?? `Sliding a ${kh}×${kw} kernel: ${xp.length}×${(xp[0] as number[]).length} input → ${outH}×${outW} output` },
    margin: { l: 40, r: 20, t: 70, b: 40 },
    xaxis: { ...hidden, domain: [0, 0.52], side: "top", dtick: 1 },
    yaxis: { ...hidden, autorange: "reversed", scaleanchor: "x", dtick: 1 },
    xaxis2: { ...hidden, domain: [0.6, 1], side: "top", anchor: "y2", dtick: 1 },
    yaxis2: { ...hidden, autorange: "reversed", scaleanchor: "x2", anchor: "x2", dtick: 1 },
    showlegend: false,
  };
  const fig = new Figure({
    data: [
      { type: "heatmap", z: xp, ...written(xp), colorscale: "Greys", reversescale: true, showscale: false, xgap: 1, ygap: 1, name: "input", hovertemplate: "input (%{y}, %{x}) = %{z}<extra></extra>" },
      { type: "heatmap", z: partial(active), ...written(partial(active)), colorscale: VALUE_SCALE, zmin: Math.min(...map.output.flat()), zmax: Math.max(...map.output.flat()), showscale: false, xgap: 1, ygap: 1, xaxis: "x2", yaxis: "y2", name: "output", hovertemplate: "output (%{y}, %{x}) = %{z}<extra></extra>" },
    ],
    layout,
  });
  const variants: Variant[] = steps.map((s, k) => ({
    label: `${s.outRow},${s.outCol}`,
    traces: [whole ? { z: partial(k) } : { z: partial(k), text: cellText(partial(k)) }],
    layout: { shapes: shapesFor(k) },
  }));
  return addSlider(fig, { prefix: "step (row, col) = ", variants, traceIndices: [1], active });
}
