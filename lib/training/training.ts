/**
 * Training the course CNN the way the lessons do: `model.fit` with Adam, categorical
 * cross-entropy and batches of 128, one epoch at a time, showing a progress bar with ETA and
 * a live loss/accuracy plot that update in place. The notebook passes its `display`
 * function; the library never imports a kernel. An `AbortSignal` (a Stop button's) ends the run
 * after the batch in progress, through tfjs's own `model.stopTraining`, keeping what was learnt.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { tf } from "../tf.cjs";
import { ensureBackend } from "../backend/index.js";
import { adam } from "../backend/fused-adam.js";
import type { DisplayFn } from "../notebook/jupyter.js";
import type { MnistTensors } from "../data/mnist.js";
import { createProgressBar } from "../notebook/progress-bar.js";
import { emptyCurves, trainingFigure, type TrainingCurves } from "./training-plot.js";

/** What one epoch ended with. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  loss: number;
  acc: number;
  valLoss?: number;
  valAcc?: number;
  seconds: number;
  /** `tf.memory().numTensors` after the epoch: flat from epoch to epoch when nothing leaks. */
  numTensors: number;
}

/** The record of a training run; `curves` holds what the live plot drew. */
export interface TrainingHistory {
  epochs: EpochRecord[];
  curves: TrainingCurves;
  seconds: number;
  samplesPerSecond: number;
  /** Batches trained, over all epochs (fewer than planned when `signal` stopped the run). */
  batches: number;
  /** True when `signal` stopped the run before its last batch. */
  stopped: boolean;
}

/** Options of {@link trainModel}; the names follow the lessons (`numEpochs`, `lr`). */
export interface TrainOptions {
  numEpochs: number;
  /** Default 128. */
  batchSize?: number;
  /** Adam's learning rate, default 0.001 (Keras's default). */
  lr?: number;
  /** Evaluated at the end of every epoch. */
  validationData?: MnistTensors;
  /** The notebook's `display`: shows the progress bar and the live plot. Omit to show nothing. */
  display?: DisplayFn;
  /** Title of the live plot. */
  title?: string;
  /**
   * Returns a fresh (augmented) copy of the training images for each epoch; `trainModel`
   * disposes it after the epoch.
   */
  augment?: (X: tf.Tensor4D, epoch: number) => tf.Tensor4D;
  /**
   * Compile with Adam(lr) and categorical cross-entropy first (default true). Set false to
   * keep the optimizer state of an earlier call.
   */
  compile?: boolean;
  /** Called after each epoch (e.g. to stop early by throwing, or to log). */
  onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
  /**
   * Stops training when aborted: after the batch in progress (tfjs's `model.stopTraining`), the
   * model keeping the weights it has. The last epoch's record then covers the batches it ran.
   * @example const stop = new AbortController(); button.onClick(() => stop.abort()); await trainModel(model, data, { numEpochs: 5, signal: stop.signal });
   */
  signal?: AbortSignal;
}

/** Optimizers this file created, so that recompiling and `disposeModel` free their state. */
const ownOptimizers = new WeakSet<tf.Optimizer>();

/**
 * Compiles `model` as the lessons do: Adam(lr) (tsdl's `adam()`: `tf.train.adam`'s formula and
 * state, one fused kernel per weight), categorical cross-entropy, accuracy. An Adam this
 * function gave the model before is disposed (its moment estimates are tensors).
 */
export function compileCourseModel(model: tf.LayersModel, lr = 0.001): void {
  const previous = model.optimizer as tf.Optimizer | undefined;
  const optimizer = adam({ lr });
  ownOptimizers.add(optimizer);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  if (previous !== undefined && ownOptimizers.has(previous)) previous.dispose();
}

/**
 * Frees a model's weights and the optimizer `trainModel` gave it. (`model.dispose()` alone
 * keeps an optimizer passed as an object: Adam's state, 2 tensors per weight, would leak.)
 */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  model.dispose();
  if (optimizer !== undefined && ownOptimizers.has(optimizer)) {
    optimizer.dispose();
    ownOptimizers.delete(optimizer);
  }
}

let runCount = 0;

/**
 * Trains `model` on `data` for `numEpochs` epochs with `model.fit`, showing progress live
 * when given `display`. Returns the per-epoch history (loss, accuracy, time, tensor count).
 */
export async function trainModel(model: tf.LayersModel, data: MnistTensors, options: TrainOptions): Promise<TrainingHistory> {
  const { numEpochs, batchSize = 128, lr = 0.001, validationData, display, title = "Training", augment, compile = true, signal } = options;
  if (!(Number.isInteger(numEpochs) && numEpochs >= 1)) throw new RangeError(`trainModel: numEpochs must be a positive integer, got ${numEpochs}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`trainModel: batchSize must be a positive integer, got ${batchSize}`);
  const count = data.X.shape[0];
  if (data.y.shape[0] !== count) throw new RangeError(`trainModel: ${count} images but ${data.y.shape[0]} labels`);
  if (signal !== undefined && typeof signal.aborted !== "boolean") throw new TypeError(`trainModel: signal must be an AbortSignal, got ${String(signal)}`);
  await ensureBackend();
  if (compile || model.optimizer === undefined) compileCourseModel(model, lr);

  const batchesPerEpoch = Math.ceil(count / batchSize);
  const curves = emptyCurves();
  const plotId = `tsdl-training-${process.pid}-${runCount++}`;
  let plotShown = false;
  let lastPlot = -Infinity;
  const drawPlot = (force: boolean) => {
    if (!display || (!force && performance.now() - lastPlot < 1000)) return;
    const fig = trainingFigure(curves, { title, numEpochs });
    fig.autoPicture = force; // with figurePictures(true): a picture per epoch, none for the passing states
    display(fig, { displayId: plotId, update: plotShown });
    plotShown = true;
    lastPlot = performance.now();
  };
  const bar = createProgressBar({ total: numEpochs * batchesPerEpoch, label: "training", ...(display ? { display } : {}) });

  const epochs: EpochRecord[] = [];
  let batches = 0;
  let samples = 0;
  const start = performance.now();
  for (let epoch = 0; epoch < numEpochs && !signal?.aborted; epoch++) {
    const epochStart = performance.now();
    const X = augment ? augment(data.X, epoch) : data.X;
    let lastLoss = Number.NaN;
    try {
      const fitted = await model.fit(X, data.y, {
        batchSize,
        epochs: 1,
        shuffle: true,
        verbose: 0,
        ...(validationData ? { validationData: [validationData.X, validationData.y] as [tf.Tensor, tf.Tensor] } : {}),
        callbacks: {
          onBatchEnd: async (batch, logs) => {
            batches += 1;
            samples += logs?.["size"] ?? batchSize;
            if (signal?.aborted) model.stopTraining = true; // fit ends after this batch
            lastLoss = logs?.["loss"] ?? Number.NaN;
            curves.batchEpoch.push(epoch + (batch + 1) / batchesPerEpoch);
            curves.batchLoss.push(lastLoss);
            curves.batchAcc.push(logs?.["acc"] ?? Number.NaN);
            bar.update(epoch * batchesPerEpoch + batch + 1, `epoch ${epoch + 1}/${numEpochs} · loss ${lastLoss.toFixed(4)}`);
            drawPlot(false);
          },
        },
      });
      const last = (name: string) => fitted.history[name]?.at(-1) as number | undefined;
      const valLoss = last("val_loss");
      const valAcc = last("val_acc");
      if (valLoss !== undefined && valAcc !== undefined) {
        curves.epoch.push(epoch + 1);
        curves.valLoss.push(valLoss);
        curves.valAcc.push(valAcc);
      }
      const record: EpochRecord = {
        epoch: epoch + 1,
        loss: last("loss") ?? Number.NaN,
        acc: last("acc") ?? Number.NaN,
        ...(valLoss !== undefined ? { valLoss } : {}),
        ...(valAcc !== undefined ? { valAcc } : {}),
        seconds: 0,
        numTensors: 0,
      };
      if (X !== data.X) X.dispose();
      record.seconds = (performance.now() - epochStart) / 1000;
      record.numTensors = tf.memory().numTensors;
      epochs.push(record);
      drawPlot(true);
      await options.onEpochEnd?.(record);
    } finally {
      if (X !== data.X && !X.isDisposed) X.dispose();
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const stopped = batches < numEpochs * batchesPerEpoch;
  const final = epochs.at(-1);
  bar.finish(
    (stopped ? `stopped after ${batches} of ${numEpochs * batchesPerEpoch} batches` + (final ? ": " : "") : "") +
      (final ? `loss ${final.loss.toFixed(4)}, acc ${final.acc.toFixed(4)}` : "") +
      (final?.valAcc !== undefined ? `, val_acc ${final.valAcc.toFixed(4)}` : ""),
  );
  return { epochs, curves, seconds, samplesPerSecond: samples / seconds, batches, stopped };
}
