/**
 * A Keras-style `model.summary()` as a value that displays itself: one row per layer with
 * its name, type, output shape and parameter count, then the totals.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import type * as tf from "@tensorflow/tfjs";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/jupyter.js";

/** One row of the summary. */
export interface LayerSummary {
  name: string;
  type: string;
  /** Without the batch dimension, e.g. `[26, 26, 16]`. */
  outputShape: number[];
  params: number;
  trainable: boolean;
}

/** The table: layers, then totals; shows itself as HTML and as plain text. */
export interface ModelSummary {
  name: string;
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  [JUPYTER_DISPLAY](): MimeBundle;
}

const thousands = (n: number): string => n.toLocaleString("en-US");
const shapeText = (shape: number[]): string => `(None, ${shape.join(", ")})`;
const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function outputShapeOf(layer: tf.layers.Layer): number[] {
  const shape = layer.outputShape;
  const single = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  return single.slice(1).map((d) => d ?? -1);
}

function plainText(summary: Omit<ModelSummary, typeof JUPYTER_DISPLAY>): string {
  const rows = summary.layers.map((l) => [`${l.name} (${l.type})`, shapeText(l.outputShape), thousands(l.params)]);
  const header = ["Layer (type)", "Output Shape", "Param #"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)) + 4);
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join("").trimEnd();
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0));
  return [
    `Model: "${summary.name}"`,
    rule("_"),
    line(header),
    rule("="),
    ...rows.map(line),
    rule("="),
    `Total params: ${thousands(summary.totalParams)}`,
    `Trainable params: ${thousands(summary.trainableParams)}`,
    `Non-trainable params: ${thousands(summary.nonTrainableParams)}`,
  ].join("\n");
}

function html(summary: Omit<ModelSummary, typeof JUPYTER_DISPLAY>): string {
  const cell = (text: string, align = "left") => `<td style="text-align:${align};padding:2px 12px">${escapeHtml(text)}</td>`;
  const rows = summary.layers
    .map((l) =>
      `<tr${l.trainable ? "" : ' style="color:#888"'}>` +
      cell(l.name) + cell(l.type) + cell(shapeText(l.outputShape)) + cell(thousands(l.params), "right") +
      cell(l.trainable ? "yes" : "frozen") + "</tr>",
    )
    .join("");
  const head = ["Layer", "Type", "Output shape", "Params", "Trainable"].map((h) => `<th style="padding:2px 12px">${h}</th>`).join("");
  return (
    `<table><caption style="text-align:left">Model: <b>${escapeHtml(summary.name)}</b></caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>` +
    `<p>Total params: <b>${thousands(summary.totalParams)}</b> · trainable ${thousands(summary.trainableParams)} · ` +
    `non-trainable ${thousands(summary.nonTrainableParams)}</p>`
  );
}

/** Summarises a built model (one with an input shape), layer by layer. */
export function modelSummary(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer): LayerSummary => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: outputShapeOf(layer),
    params: layer.countParams(),
    trainable: layer.trainable,
  }));
  const count = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
  const trainableParams = count(model.trainableWeights);
  const nonTrainableParams = count(model.nonTrainableWeights);
  const data = { name: model.name, layers, totalParams: trainableParams + nonTrainableParams, trainableParams, nonTrainableParams };
  return {
    ...data,
    [JUPYTER_DISPLAY]: () => ({ "text/plain": plainText(data), "text/html": html(data) }),
  };
}
