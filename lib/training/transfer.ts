/**
 * Transfer learning: a CNN trained on digits 0–4 lends its feature layers (frozen by name) to
 * a new model for digits 5–9, which trains only a new head. Compared on a small 5–9 set with
 * the same model fine-tuned (nothing frozen) and trained from scratch.
 * @see notebooks/08-transfer-learning.ipynb
 */
import * as tf from "@tensorflow/tfjs";
import { evaluateModel } from "./evaluation.js";
import type { Figure } from "../figures/figure.js";
import type { DisplayFn } from "../notebook/jupyter.js";
import type { MnistTensors } from "../data/mnist.js";
import { createCourseCnn, FEATURE_LAYERS } from "./model.js";
import { trainModel, type TrainingHistory } from "./training.js";
import { accuracyCurvesFigure } from "./training-plot.js";

/** The digits the base model learns. */
export const BASE_DIGITS = [0, 1, 2, 3, 4] as const;
/** The digits the new head learns, as labels 0–4 (`selectDigits(set, NEW_DIGITS)`). */
export const NEW_DIGITS = [5, 6, 7, 8, 9] as const;

function layersByName(model: tf.LayersModel, names: readonly string[], fn: string): tf.layers.Layer[] {
  const known = model.layers.map((l) => l.name);
  return names.map((name) => {
    if (!known.includes(name)) {
      throw new RangeError(`${fn}: model "${model.name}" has no layer "${name}"; its layers are ${known.join(", ")}`);
    }
    return model.getLayer(name);
  });
}

/** Marks the named layers not trainable (takes effect at the next compile; `trainModel` compiles). */
export function freezeLayers(model: tf.LayersModel, names: readonly string[]): void {
  for (const layer of layersByName(model, names, "freezeLayers")) layer.trainable = false;
}

/** Marks the named layers trainable again. */
export function unfreezeLayers(model: tf.LayersModel, names: readonly string[]): void {
  for (const layer of layersByName(model, names, "unfreezeLayers")) layer.trainable = true;
}

/** Copies the weights of the named layers from `source` to `target` (same shapes required). */
export function copyLayerWeights(source: tf.LayersModel, target: tf.LayersModel, names: readonly string[]): void {
  const from = layersByName(source, names, "copyLayerWeights");
  const to = layersByName(target, names, "copyLayerWeights");
  from.forEach((layer, i) => to[i]!.setWeights(layer.getWeights()));
}

/** How a model for the new digits starts. */
export type TransferMode = "frozen" | "fine-tuned" | "scratch";

/**
 * A course CNN with `numClasses` outputs whose feature layers start from `base`'s
 * ("frozen": not trainable; "fine-tuned": trainable) or from random weights ("scratch").
 */
export function transferModel(
  base: tf.LayersModel,
  options: { mode: TransferMode; numClasses?: number; featureLayers?: readonly string[]; seed?: number },
): tf.Sequential {
  const { mode, numClasses = NEW_DIGITS.length, featureLayers = FEATURE_LAYERS, seed } = options;
  const model = createCourseCnn({ numClasses, ...(seed === undefined ? {} : { seed }) });
  if (mode !== "scratch") copyLayerWeights(base, model, featureLayers);
  if (mode === "frozen") freezeLayers(model, featureLayers);
  return model;
}

/** One arm of the comparison: its model, training record and test accuracy. */
export interface TransferResult {
  mode: TransferMode;
  model: tf.Sequential;
  history: TrainingHistory;
  testAccuracy: number;
  trainableParams: number;
}

/**
 * Trains the three arms — frozen, fine-tuned, from scratch — on `train` (5–9, labels 0–4)
 * with the same seed, settings and validation on `test`, and reports each one's test accuracy.
 * The models stay alive for inspection: free them with `disposeModel`.
 */
export async function compareTransfer(options: {
  base: tf.LayersModel;
  train: MnistTensors;
  test: MnistTensors;
  numEpochs: number;
  featureLayers?: readonly string[];
  batchSize?: number;
  lr?: number;
  seed?: number;
  display?: DisplayFn;
}): Promise<TransferResult[]> {
  const { base, train, test, numEpochs, featureLayers = FEATURE_LAYERS, batchSize = 128, lr = 0.001, seed = 0, display } = options;
  const results: TransferResult[] = [];
  for (const mode of ["frozen", "fine-tuned", "scratch"] as const) {
    const model = transferModel(base, { mode, numClasses: train.y.shape[1], featureLayers, seed });
    const history = await trainModel(model, train, {
      numEpochs, batchSize, lr, validationData: test, title: `${mode} (${train.X.shape[0]} training digits)`,
      ...(display ? { display } : {}),
    });
    const evaluation = await evaluateModel(model, test);
    const trainableParams = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    results.push({ mode, model, history, testAccuracy: evaluation.accuracy, trainableParams });
  }
  return results;
}

/** Validation accuracy after each epoch, one line per arm. */
export function transferCurvesFigure(results: readonly TransferResult[], options: { title?: string } = {}): Figure {
  return accuracyCurvesFigure(
    results.map((r) => ({ ...r, name: r.mode })),
    options.title ?? "Learning curves on digits 5–9",
  );
}
