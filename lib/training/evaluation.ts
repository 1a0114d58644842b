/**
 * How well a trained classifier does on a test set: accuracy, the confusion matrix (which
 * digit is taken for which), per-class accuracy and the digits it gets wrong.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { tf } from "../tf.cjs";
import { ensureBackend } from "../backend/index.js";
import { barChart } from "../figures/bars.js";
import type { Figure } from "../figures/figure.js";
import { heatmap } from "../figures/heatmap.js";
import { imageGrid } from "../figures/image-grid.js";
import { Table } from "../figures/table.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/jupyter.js";
import { digitRows, type MnistSet, type MnistTensors } from "../data/mnist.js";

/** The results of {@link evaluateModel}; displays itself as a per-class table. */
export interface Evaluation {
  count: number;
  accuracy: number;
  /** Names of the classes, index = label ("0"…"9" by default). */
  classNames: string[];
  /** [count] true class of each digit. */
  labels: Int32Array;
  /** [count] predicted class (argmax of the model's output). */
  predictions: Int32Array;
  /** [count] the probability the model gave its prediction. */
  confidence: Float32Array;
  /** `confusion[trueClass][predictedClass]` = how many digits. */
  confusion: number[][];
  /** Fraction right within each true class. */
  perClassAccuracy: number[];
  /** Indices of the wrongly classified digits, most confident mistakes first. */
  misclassified: number[];
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Runs `model` on `data` (in batches, without keeping tensors) and tallies the results. */
export async function evaluateModel(
  model: tf.LayersModel,
  data: MnistTensors,
  options: { batchSize?: number; classNames?: string[] } = {},
): Promise<Evaluation> {
  const { batchSize = 500 } = options;
  await ensureBackend();
  const count = data.X.shape[0];
  const numClasses = data.y.shape[1];
  const classNames = options.classNames ?? Array.from({ length: numClasses }, (_, c) => String(c));
  if (classNames.length !== numClasses) {
    throw new RangeError(`evaluateModel: ${classNames.length} class names for ${numClasses} classes`);
  }
  const labels = new Int32Array(count);
  const predictions = new Int32Array(count);
  const confidence = new Float32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [pred, conf, truth] = tf.tidy(() => {
      const probs = model.predict(data.X.slice([start, 0, 0, 0], [size, -1, -1, -1])) as tf.Tensor2D; // [size, numClasses]
      return [probs.argMax(1), probs.max(1), data.y.slice([start, 0], [size, -1]).argMax(1)];
    });
    predictions.set(await pred.data(), start);
    confidence.set(await conf.data(), start);
    labels.set(await truth.data(), start);
    tf.dispose([pred, conf, truth]);
  }
  return tally(labels, predictions, confidence, classNames);
}

/** The counts behind an {@link Evaluation}, from true and predicted classes. */
export function tally(labels: Int32Array, predictions: Int32Array, confidence: Float32Array, classNames: string[]): Evaluation {
  const numClasses = classNames.length;
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const misclassified: number[] = [];
  let right = 0;
  labels.forEach((label, i) => {
    const predicted = predictions[i]!;
    confusion[label]![predicted]!++;
    if (label === predicted) right++;
    else misclassified.push(i);
  });
  misclassified.sort((a, b) => confidence[b]! - confidence[a]!);
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? Number.NaN : row[c]! / total;
  });
  const data = { count: labels.length, accuracy: right / Math.max(1, labels.length), classNames, labels, predictions, confidence, confusion, perClassAccuracy, misclassified };
  const table = () =>
    new Table(
      ["class", "digits", "right", "accuracy"],
      confusion.map((row, c) => [classNames[c]!, row.reduce((a, b) => a + b, 0), row[c]!, perClassAccuracy[c]!]),
      { caption: `accuracy ${(100 * data.accuracy).toFixed(2)}% on ${data.count} digits (${misclassified.length} wrong)` },
    );
  return {
    ...data,
    [JUPYTER_DISPLAY]: () => ({ "text/plain": table().toString(), "text/html": table().toHtml() }),
  };
}

/** The confusion matrix as a heatmap with the count in every cell (rows: true class, columns: predicted). */
export function confusionMatrixFigure(evaluation: Evaluation, options: { title?: string } = {}): Figure {
  const { title = `Confusion matrix · accuracy ${(100 * evaluation.accuracy).toFixed(2)}%` } = options;
  const figure = heatmap(evaluation.confusion, {
    title, showValues: true, valueDigits: 0, xLabel: "predicted", yLabel: "true", height: 520,
  });
  const names = evaluation.classNames;
  const ticks = { tickmode: "array", tickvals: names.map((_, i) => i), ticktext: names };
  Object.assign(figure.layout["xaxis"] as object, ticks, { side: "bottom" });
  Object.assign(figure.layout["yaxis"] as object, ticks);
  return figure;
}

/** Accuracy within each true class, as bars. */
export function perClassAccuracyFigure(evaluation: Evaluation, options: { title?: string } = {}): Figure {
  const figure = barChart(evaluation.classNames, { values: evaluation.perClassAccuracy, name: "accuracy" }, {
    title: options.title ?? "Accuracy per class", xLabel: "true class", yLabel: "accuracy",
  });
  const lowest = Math.min(...evaluation.perClassAccuracy.filter(Number.isFinite));
  figure.layout["yaxis"] = { ...(figure.layout["yaxis"] as object), range: [Math.max(0, lowest - 0.05), 1] };
  return figure;
}

/**
 * The digits the model got wrong (most confident mistakes first), captioned
 * "true 4 → 9 (97%)". `set` must be the set `evaluation` ran on, in the same order.
 */
export function misclassifiedFigure(evaluation: Evaluation, set: MnistSet, options: { count?: number; columns?: number } = {}): Figure {
  const { count = 16, columns = 8 } = options;
  if (set.count !== evaluation.count) {
    throw new RangeError(`misclassifiedFigure: the set holds ${set.count} digits but the evaluation ran on ${evaluation.count}`);
  }
  const shown = evaluation.misclassified.slice(0, count);
  if (shown.length === 0) throw new RangeError("misclassifiedFigure: no digit was misclassified, nothing to show");
  const names = evaluation.classNames;
  return imageGrid(shown.map((i) => digitRows(set, i)), {
    title: `${shown.length} of ${evaluation.misclassified.length} misclassified digits, most confident first`,
    columns,
    zmin: 0,
    zmax: 1,
    titles: shown.map((i) => `${names[evaluation.labels[i]!]} → ${names[evaluation.predictions[i]!]} (${Math.round(100 * evaluation.confidence[i]!)}%)`),
  });
}
