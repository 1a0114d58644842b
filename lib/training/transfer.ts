/**
 * Transfer learning: a CNN trained on digits 0–4 lends its feature layers (frozen by name) to
 * a new model for digits 5–9, which trains only a new head. Compared on a small 5–9 set with
 * the same model fine-tuned (nothing frozen) and trained from scratch.
 * @see notebooks/08-transfer-learning.ipynb
 */
import { tf } from "../tf.cjs";
import { evaluateModel } from "./evaluation.js";
import type { Figure } from "../figures/figure.js";
import type { DisplayFn } from "../notebook/jupyter.js";
import type { MnistTensors } from "../data/mnist.js";
import { createCourseCnn, FEATURE_LAYERS } from "./model.js";
import { trainModel, type TrainOptions, type TrainingHistory } from "./training.js";
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

/**
 * How a model for the new digits starts and trains: "frozen" (base's feature layers, not
 * trainable), "fine-tuned" (base's feature layers, trainable from the first step), "two-stage"
 * (frozen while the new head trains, then unfrozen at a lower learning rate, as Keras's transfer
 * learning guide does), "scratch" (random weights everywhere).
 */
export type TransferMode = "frozen" | "fine-tuned" | "two-stage" | "scratch";

/** Every mode, in the order {@link compareTransfer} trains them. */
export const TRANSFER_MODES: readonly TransferMode[] = ["frozen", "fine-tuned", "two-stage", "scratch"];

/**
 * A course CNN with `numClasses` outputs whose feature layers start from `base`'s
 * ("frozen" and "two-stage": not trainable; "fine-tuned": trainable) or from random weights
 * ("scratch").
 */
export function transferModel(
  base: tf.LayersModel,
  options: { mode: TransferMode; numClasses?: number; featureLayers?: readonly string[]; seed?: number },
): tf.Sequential {
  const { mode, numClasses = NEW_DIGITS.length, featureLayers = FEATURE_LAYERS, seed } = options;
  const model = createCourseCnn({ numClasses, ...(seed === undefined ? {} : { seed }) });
  if (mode !== "scratch") copyLayerWeights(base, model, featureLayers);
  if (mode === "frozen" || mode === "two-stage") freezeLayers(model, featureLayers);
  return model;
}

/** Options of {@link trainTwoStage}. */
export interface TwoStageOptions extends Omit<TrainOptions, "compile" | "onEpochEnd"> {
  /** The layers frozen for the first stage and unfrozen for the second. */
  featureLayers: readonly string[];
  /** Epochs of the first stage (the head alone); the rest of `numEpochs` fine-tune everything. */
  headEpochs: number;
  /** The second stage's learning rate, default a tenth of `lr`. */
  fineTuneLr?: number;
}

/**
 * The two-stage fine-tune: train with `featureLayers` frozen for `headEpochs` epochs (the new
 * head learns while the transferred features are safe from its first, large, random-head
 * gradients), then unfreeze them and train every weight for the remaining epochs with a fresh
 * Adam at `fineTuneLr`. Returns one history, epochs numbered across both stages.
 */
export async function trainTwoStage(model: tf.LayersModel, data: MnistTensors, options: TwoStageOptions): Promise<TrainingHistory> {
  const { featureLayers, headEpochs, numEpochs, lr = 0.001, fineTuneLr = lr / 10, title = "Two-stage fine-tune", ...rest } = options;
  if (!(Number.isInteger(headEpochs) && headEpochs >= 1 && headEpochs < numEpochs)) {
    throw new RangeError(`trainTwoStage: headEpochs must be an integer in 1..${numEpochs - 1} (numEpochs − 1), got ${headEpochs}`);
  }
  freezeLayers(model, featureLayers);
  const head = await trainModel(model, data, { ...rest, numEpochs: headEpochs, lr, title: `${title} · stage 1: the head` });
  unfreezeLayers(model, featureLayers);
  const all = await trainModel(model, data, { ...rest, numEpochs: numEpochs - headEpochs, lr: fineTuneLr, title: `${title} · stage 2: every layer` });
  const epochs = [...head.epochs, ...all.epochs.map((e) => ({ ...e, epoch: e.epoch + headEpochs }))];
  const curves = Object.fromEntries(Object.keys(head.curves).map((key) => {
    const k = key as keyof typeof head.curves;
    const shift = k === "batchEpoch" || k === "epoch" ? headEpochs : 0;
    return [k, [...head.curves[k], ...all.curves[k].map((v) => v + shift)]];
  })) as unknown as TrainingHistory["curves"];
  const seconds = head.seconds + all.seconds;
  const samples = head.samplesPerSecond * head.seconds + all.samplesPerSecond * all.seconds;
  return { epochs, curves, seconds, samplesPerSecond: samples / seconds, batches: head.batches + all.batches, stopped: head.stopped || all.stopped };
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
 * Trains each arm (`modes`, default all four of {@link TRANSFER_MODES}) on `train` (5–9,
 * labels 0–4) with the same seed and settings, validating after every epoch on `validation`
 * (default `test`), and reports each one's accuracy on `test`. The two-stage arm trains its
 * head for `headEpochs` (default a third of `numEpochs`, at least 1) and then everything at
 * `fineTuneLr` (default `lr / 10`). The models stay alive for inspection: free them with
 * `disposeModel`.
 */
export async function compareTransfer(options: {
  base: tf.LayersModel;
  train: MnistTensors;
  test: MnistTensors;
  validation?: MnistTensors;
  numEpochs: number;
  modes?: readonly TransferMode[];
  featureLayers?: readonly string[];
  batchSize?: number;
  lr?: number;
  headEpochs?: number;
  fineTuneLr?: number;
  seed?: number;
  display?: DisplayFn;
}): Promise<TransferResult[]> {
  const { base, train, test, validation = test, numEpochs, modes = TRANSFER_MODES, featureLayers = FEATURE_LAYERS, batchSize = 128, lr = 0.001, seed = 0, display } = options;
  const headEpochs = options.headEpochs ?? Math.max(1, Math.round(numEpochs / 3));
  const results: TransferResult[] = [];
  for (const mode of modes) {
    const model = transferModel(base, { mode, numClasses: train.y.shape[1], featureLayers, seed });
    const settings = {
      numEpochs, batchSize, lr, validationData: validation, title: `${mode} (${train.X.shape[0]} training digits)`,
      ...(display ? { display } : {}),
    };
    const history = mode === "two-stage"
      ? await trainTwoStage(model, train, { ...settings, featureLayers, headEpochs, ...(options.fineTuneLr === undefined ? {} : { fineTuneLr: options.fineTuneLr }) })
      : await trainModel(model, train, settings);
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
