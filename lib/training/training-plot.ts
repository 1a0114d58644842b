/**
 * The live training plot: loss (left) and accuracy (right) against epochs, for the training
 * batches and, once per epoch, the validation set. `trainModel` redraws it in place.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { Figure } from "../figures/figure.js";
import { linePlot } from "../figures/lines.js";
import type { TrainingHistory } from "./training.js";

/** Points the plot draws; epochs are fractional for batches (epoch 1.5 = half-way through the 2nd). */
export interface TrainingCurves {
  batchEpoch: number[];
  batchLoss: number[];
  batchAcc: number[];
  epoch: number[];
  valLoss: number[];
  valAcc: number[];
}

/** Empty curves, to fill while training. */
export function emptyCurves(): TrainingCurves {
  return { batchEpoch: [], batchLoss: [], batchAcc: [], epoch: [], valLoss: [], valAcc: [] };
}

/** An exponential moving average, so that noisy batch values read as a trend. */
export function smooth(values: readonly number[], weight = 0.9): number[] {
  let avg = 0;
  return values.map((v, i) => {
    avg = weight * avg + (1 - weight) * v;
    return avg / (1 - weight ** (i + 1)); // divide out the bias toward 0 at the start (as TensorBoard does)
  });
}

/** Batch points the plot keeps: a smoothed curve needs no more to look the same, and each redraw sends them all. */
export const MAX_PLOTTED_BATCHES = 400;

/**
 * Every k-th of `xs` and `ys` (and the last), so that at most `max` points remain: the live
 * plot's messages and the saved notebook stay the same size however long training runs.
 */
export function thin(xs: readonly number[], ys: readonly number[], max = MAX_PLOTTED_BATCHES): { x: number[]; y: number[] } {
  const step = Math.max(1, Math.ceil(xs.length / max));
  const keep = xs.map((_, i) => i).filter((i) => i % step === 0 || i === xs.length - 1);
  return { x: keep.map((i) => xs[i]!), y: keep.map((i) => ys[i]!) };
}

/** The two-panel figure of loss and accuracy for `curves`. */
export function trainingFigure(curves: TrainingCurves, options: { title?: string; numEpochs?: number } = {}): Figure {
  const { title = "Training", numEpochs } = options;
  const xRange = numEpochs === undefined ? {} : { range: [0, numEpochs] };
  const batchLine = (y: number[], axis: "" | "2", name: string, show: boolean) => ({
    type: "scatter", mode: "lines", name, ...thin(curves.batchEpoch, smooth(y)),
    xaxis: `x${axis}`, yaxis: `y${axis}`, line: { color: "#1f77b4" }, legendgroup: "train", showlegend: show,
  });
  const valLine = (y: number[], axis: "" | "2", show: boolean) => ({
    type: "scatter", mode: "lines+markers", name: "validation", x: curves.epoch, y,
    xaxis: `x${axis}`, yaxis: `y${axis}`, line: { color: "#ff7f0e" }, legendgroup: "val", showlegend: show,
  });
  return new Figure({
    data: [
      batchLine(curves.batchLoss, "", "training (batches, smoothed)", true),
      batchLine(curves.batchAcc, "2", "training (batches, smoothed)", false),
      valLine(curves.valLoss, "", true),
      valLine(curves.valAcc, "2", false),
    ],
    layout: {
      title: { text: title },
      height: 360,
      margin: { l: 60, r: 20, t: 50, b: 50 },
      xaxis: { title: { text: "epoch" }, domain: [0, 0.45], ...xRange },
      yaxis: { title: { text: "loss (cross-entropy)" }, rangemode: "tozero" },
      xaxis2: { title: { text: "epoch" }, domain: [0.55, 1], anchor: "y2", ...xRange },
      yaxis2: { title: { text: "accuracy" }, anchor: "x2", range: [0, 1] },
      legend: { orientation: "h", y: -0.28 },
    },
  });
}

/** One arm of an experiment: its name, what training recorded, and its final test accuracy. */
export interface ExperimentArm {
  name: string;
  history: TrainingHistory;
  testAccuracy: number;
}

/** Test accuracy after each epoch, one line per arm, the final accuracy in the legend. */
export function accuracyCurvesFigure(arms: readonly ExperimentArm[], title: string): Figure {
  return linePlot(
    arms.map((arm) => ({
      x: arm.history.epochs.map((e) => e.epoch),
      y: arm.history.epochs.map((e) => e.valAcc ?? Number.NaN),
      name: `${arm.name} (${(100 * arm.testAccuracy).toFixed(1)}%)`,
      mode: "lines+markers" as const,
    })),
    { title, xLabel: "epoch", yLabel: "test accuracy" },
  );
}
