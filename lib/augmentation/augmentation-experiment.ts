/**
 * The augmentation experiment: the same CNN, from the same initial weights, trained on the
 * same small set with and without augmentation, and tested on digits it never saw. Each
 * generator augments a fresh copy of the training images every epoch.
 * @see notebooks/07-data-augmentation.ipynb
 */
import { tf } from "../tf.cjs";
import type { ImageDataGenerator } from "./augmentation.js";
import { evaluateModel } from "../training/evaluation.js";
import type { Figure } from "../figures/figure.js";
import type { DisplayFn } from "../notebook/jupyter.js";
import type { MnistTensors } from "../data/mnist.js";
import { createCourseCnn } from "../training/model.js";
import { disposeModel, trainModel, type TrainingHistory } from "../training/training.js";
import { accuracyCurvesFigure } from "../training/training-plot.js";

/** One arm of the experiment. */
export interface AugmentationResult {
  name: string;
  history: TrainingHistory;
  testAccuracy: number;
}

/**
 * Trains one course CNN per entry of `arms` (name → generator, or `null` for no augmentation)
 * on `train` for `numEpochs`, validating on `test` after every epoch. Featurewise statistics
 * of a generator are fitted on `train` and applied to `test` too.
 */
export async function compareAugmentation(options: {
  train: MnistTensors;
  test: MnistTensors;
  arms: Record<string, ImageDataGenerator | null>;
  numEpochs: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  display?: DisplayFn;
}): Promise<AugmentationResult[]> {
  const { train, test, arms, numEpochs, batchSize = 128, lr = 0.001, seed = 1, display } = options;
  const results: AugmentationResult[] = [];
  for (const [name, datagen] of Object.entries(arms)) {
    const model = createCourseCnn({ seed });
    const featurewise = Boolean(datagen?.options.featurewiseCenter || datagen?.options.featurewiseStdNormalization);
    if (datagen && featurewise) datagen.fit(train.X);
    const testX = datagen && featurewise ? datagen.standardize(test.X) : test.X;
    const validationData = { X: testX, y: test.y };
    try {
      const history = await trainModel(model, train, {
        numEpochs, batchSize, lr, validationData, title: `${name} (${train.X.shape[0]} training digits)`,
        ...(datagen ? { augment: (X: tf.Tensor4D) => datagen.augment(X) } : {}),
        ...(display ? { display } : {}),
      });
      const evaluation = await evaluateModel(model, validationData);
      results.push({ name, history, testAccuracy: evaluation.accuracy });
    } finally {
      if (testX !== test.X) testX.dispose();
      disposeModel(model);
    }
  }
  return results;
}

/** Test accuracy after each epoch, one line per arm. */
export function augmentationCurvesFigure(results: readonly AugmentationResult[], options: { title?: string } = {}): Figure {
  return accuracyCurvesFigure(results, options.title ?? "Test accuracy while training on a small set");
}
