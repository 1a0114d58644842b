// Training, evaluation, filters, freezing and saving, on small subsets of real MNIST.
import assert from "node:assert/strict";
import { mkdtemp, rm, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  loadMnist, takeSubset, toTensors, selectDigits, digitRows, createCourseCnn, trainModel, disposeModel, evaluateModel, tally,
  confusionMatrixFigure, misclassifiedFigure, perClassAccuracyFigure, convFilters, featureMaps, filtersFigure,
  freezeLayers, transferModel, compareTransfer, trainTwoStage, randomAugmentation, gradientNoise, transferCurvesFigure, compareAugmentation, augmentationCurvesFigure, ImageDataGenerator, saveModel, loadModel, loadWeightsInto, ModelFileError, FEATURE_LAYERS, JUPYTER_DISPLAY,
  type MnistSet, type MnistTensors, type DisplayOptions,
} from "../../lib/index.js";
import { useLibraryBackend } from "./backend-hooks.js";

useLibraryBackend();

const weightsOf = (model: tf.LayersModel, layer: string) => model.getLayer(layer).getWeights().map((w) => Array.from(w.dataSync()));
const maxChange = (a: number[][], b: number[][]) =>
  a.reduce((max, w, i) => w.reduce((m, v, j) => Math.max(m, Math.abs(v - b[i]![j]!)), max), 0);

describe("training, evaluation and transfer", function () {
  this.timeout(120_000);
  let trainSet: MnistSet;
  let testSet: MnistSet;
  let train: MnistTensors;
  let test: MnistTensors;
  let dir: string;

  before(async () => {
    trainSet = takeSubset(await loadMnist("train"), { size: 256, seed: 11 });
    testSet = takeSubset(await loadMnist("test"), { size: 200, seed: 11 });
    train = toTensors(trainSet);
    test = toTensors(testSet);
    dir = await mkdtemp(join(tmpdir(), "tsdl-weights-"));
  });
  after(async () => {
    tf.dispose([train.X, train.y, test.X, test.y]);
    await rm(dir, { recursive: true, force: true });
  });

  it("trains with model.fit, lowering the loss; tf.memory().numTensors stays flat from epoch to epoch; the plot updates in place", async () => {
    const start = tf.memory().numTensors;
    const model = createCourseCnn({ seed: 1 });
    const shown: { id: string | undefined; update: boolean | undefined; text: string }[] = [];
    const display = (value: unknown, options?: DisplayOptions) =>
      shown.push({ id: options?.displayId, update: options?.update, text: String((value as { [JUPYTER_DISPLAY](): Record<string, unknown> })[JUPYTER_DISPLAY]()["text/plain"]) });
    const history = await trainModel(model, train, { numEpochs: 3, batchSize: 64, validationData: test, display });
    const counts = history.epochs.map((e) => e.numTensors);
    assert.equal(new Set(counts).size, 1, `numTensors per epoch: ${counts.join(", ")}`);
    assert.ok(history.epochs[2]!.loss < history.epochs[0]!.loss, `loss ${history.epochs.map((e) => e.loss)}`);
    assert.ok(history.epochs.every((e) => e.valAcc !== undefined && e.seconds > 0));
    assert.equal(history.curves.batchLoss.length, 3 * 4);
    // Two displays (plot, progress bar), each shown once and then only updated.
    const ids = [...new Set(shown.map((s) => s.id))];
    assert.equal(ids.length, 2);
    for (const id of ids) {
      const mine = shown.filter((s) => s.id === id);
      assert.equal(mine[0]!.update, false);
      assert.ok(mine.slice(1).every((s) => s.update === true));
    }
    assert.match(shown.at(-1)!.text, /training \[#{30}\] 12\/12 · .* total · loss/);
    assert.ok(shown.some((s) => /Figure: Training/.test(s.text) && /validation/.test(s.text)));
    // Training again recompiles with a fresh Adam and frees the old one's state.
    const again = await trainModel(model, train, { numEpochs: 1, batchSize: 64 });
    assert.equal(again.epochs[0]!.numTensors, counts[0]);
    disposeModel(model);
    assert.equal(tf.memory().numTensors, start, "the model or its optimizer leaked tensors");
  });

  it("evaluates: accuracy, a confusion matrix that adds up, per-class accuracy, misclassified digits", async () => {
    const model = createCourseCnn({ seed: 2 });
    await trainModel(model, train, { numEpochs: 2, batchSize: 64 });
    const evaluation = await evaluateModel(model, test, { batchSize: 64 });
    assert.equal(evaluation.count, 200);
    assert.equal(evaluation.confusion.flat().reduce((a, b) => a + b, 0), 200);
    const diagonal = evaluation.confusion.reduce((sum, row, c) => sum + row[c]!, 0);
    assert.equal(evaluation.accuracy, diagonal / 200);
    assert.equal(evaluation.misclassified.length, 200 - diagonal);
    assert.deepEqual(Array.from(evaluation.labels), Array.from(testSet.labels));
    // The predictions are the argmax of model.predict.
    const reference = tf.tidy(() => Array.from((model.predict(test.X) as tf.Tensor).argMax(1).dataSync()));
    assert.deepEqual(Array.from(evaluation.predictions), reference);
    const confidences = evaluation.misclassified.map((i) => evaluation.confidence[i]!);
    assert.deepEqual(confidences, [...confidences].sort((a, b) => b - a));
    assert.match(String(evaluation[JUPYTER_DISPLAY]()["text/plain"]), /accuracy \d+\.\d\d% on 200 digits/);
    assert.equal(confusionMatrixFigure(evaluation).data[0]!.z!.length, 10);
    assert.equal(perClassAccuracyFigure(evaluation).data[0]!.y!.length, 10);
    assert.equal(misclassifiedFigure(evaluation, testSet, { count: 4 }).data.length, Math.min(4, evaluation.misclassified.length));
    disposeModel(model);
  });

  it("tallies a hand-made case", () => {
    const e = tally(Int32Array.from([0, 0, 1, 1, 2]), Int32Array.from([0, 1, 1, 1, 0]), Float32Array.from([0.9, 0.6, 0.8, 0.7, 0.99]), ["a", "b", "c"]);
    assert.deepEqual(e.confusion, [[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
    assert.deepEqual(e.perClassAccuracy, [0.5, 1, 0]);
    assert.deepEqual(e.misclassified, [4, 1]);
    assert.equal(e.accuracy, 0.6);
  });

  it("reads the learned 3×3 filters and one digit's 16 feature maps (checked against tf.conv2d)", () => {
    const model = createCourseCnn({ seed: 3 });
    const filters = convFilters(model);
    assert.equal(filters.length, 16);
    assert.deepEqual([filters[0]!.length, filters[0]![0]!.length], [3, 3]);
    const image = digitRows(testSet, 0);
    const maps = featureMaps(model, image);
    assert.deepEqual([maps.length, maps[0]!.length, maps[0]![0]!.length], [16, 26, 26]);
    const [kernel, bias] = model.getLayer("conv").getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const reference = tf.tidy(() => tf.relu(tf.conv2d(tf.tensor4d(image.flat(), [1, 28, 28, 1]), kernel, 1, "valid").add(bias)).arraySync() as number[][][][]);
    for (const f of [0, 7, 15]) {
      for (const [r, c] of [[5, 5], [13, 12], [20, 3]] as const) {
        assert.ok(Math.abs(maps[f]![r]![c]! - reference[0]![r]![c]![f]!) < 1e-5);
      }
    }
    assert.equal(filtersFigure(filters).data.length, 16);
    assert.throws(() => convFilters(model, "dense_512"), /no 4-D convolution kernel/);
    disposeModel(model);
  });

  it("freezing by name leaves the frozen layers' weights unchanged by training, and the others change", async () => {
    const base = createCourseCnn({ seed: 4 });
    const high = selectDigits(trainSet, [5, 6, 7, 8, 9]);
    const highTensors = toTensors(high, { numClasses: 5 });
    const frozen = transferModel(base, { mode: "frozen", seed: 5 });
    assert.equal(maxChange(weightsOf(frozen, "conv"), weightsOf(base, "conv")), 0, "the feature layers start from the base model");
    const before = { conv: weightsOf(frozen, "conv"), dense: weightsOf(frozen, "dense_512") };
    await trainModel(frozen, highTensors, { numEpochs: 1, batchSize: 32 });
    assert.equal(maxChange(weightsOf(frozen, "conv"), before.conv), 0, "a frozen layer changed");
    assert.ok(maxChange(weightsOf(frozen, "dense_512"), before.dense) > 1e-4, "the head did not train");
    // The same model fine-tuned (nothing frozen) does change its conv layer.
    const tuned = transferModel(base, { mode: "fine-tuned", seed: 5 });
    await trainModel(tuned, highTensors, { numEpochs: 1, batchSize: 32 });
    assert.ok(maxChange(weightsOf(tuned, "conv"), before.conv) > 1e-4, "fine-tuning left conv unchanged");
    assert.throws(() => freezeLayers(tuned, ["conv", "conv2"]), /has no layer "conv2"; its layers are conv, pool, flatten, dense_512/);
    assert.deepEqual(tuned.layers.filter((l) => !l.trainable).map((l) => l.name), []);
    assert.deepEqual(frozen.layers.filter((l) => !l.trainable).map((l) => l.name), [...FEATURE_LAYERS]);
    tf.dispose([highTensors.X, highTensors.y]);
    [base, frozen, tuned].forEach((m) => disposeModel(m));
  });

  it("saves to files and loads back a model that predicts identically", async () => {
    const model = createCourseCnn({ seed: 6 });
    await trainModel(model, train, { numEpochs: 1, batchSize: 64 });
    const path = join(dir, "course-cnn");
    await saveModel(model, path);
    const loaded = await loadModel(path);
    const [a, b] = [model, loaded].map((m) => tf.tidy(() => Array.from((m.predict(test.X) as tf.Tensor).dataSync())));
    assert.deepEqual(b, a);
    // Weights only, into a fresh model of the same layers.
    const fresh = createCourseCnn({ seed: 99 });
    await loadWeightsInto(fresh, path);
    assert.deepEqual(tf.tidy(() => Array.from((fresh.predict(test.X) as tf.Tensor).dataSync())), a);
    await truncate(join(path, "weights.bin"), 1000);
    await assert.rejects(loadModel(path), (e: Error) => e instanceof ModelFileError && /1000 bytes of weights, but model.json describes 20901128/.test(e.message));
    await assert.rejects(loadModel(join(dir, "nowhere")), /cannot read the model/);
    [model, loaded, fresh].forEach((m) => disposeModel(m));
  });

  it("runs the augmentation experiment without leaking tensors, standardising the test set with the generator's statistics", async () => {
    const before = tf.memory().numTensors;
    const small = { X: train.X.slice(0, 64), y: train.y.slice(0, 64) };
    const notes = new ImageDataGenerator({ featurewiseCenter: true, featurewiseStdNormalization: true, rotationRange: 20, seed: 1 });
    const results = await compareAugmentation({
      train: small, test, numEpochs: 1, batchSize: 32, arms: { "no augmentation": null, "notes' settings": notes },
    });
    assert.deepEqual(results.map((r) => r.name), ["no augmentation", "notes' settings"]);
    assert.ok(notes.mean !== undefined && notes.std !== undefined, "the generator was not fitted on the training set");
    assert.ok(results.every((r) => Math.abs(r.testAccuracy - r.history.epochs[0]!.valAcc!) < 1e-5), "test accuracy should be the last validation accuracy");
    tf.dispose([small.X, small.y]);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(augmentationCurvesFigure(results).data.length, 2);
  });

  it("compares frozen, fine-tuned and from-scratch models on 5–9 with the same seed", async () => {
    const base = createCourseCnn({ numClasses: 5, seed: 7 });
    const high = toTensors(selectDigits(trainSet, [5, 6, 7, 8, 9]), { numClasses: 5 });
    const highTest = toTensors(selectDigits(testSet, [5, 6, 7, 8, 9]), { numClasses: 5 });
    const results = await compareTransfer({ base, train: high, test: highTest, numEpochs: 2, batchSize: 64, seed: 8, headEpochs: 1 });
    assert.deepEqual(results.map((r) => r.mode), ["frozen", "fine-tuned", "two-stage", "scratch"]);
    // the two-stage arm ends unfrozen
    assert.deepEqual(results.map((r) => r.trainableParams), [5_224_277 - 160, 5_224_277, 5_224_277, 5_224_277]);
    assert.deepEqual(results.map((r) => r.history.epochs.map((e) => e.epoch)), [[1, 2], [1, 2], [1, 2], [1, 2]]);
    assert.equal(transferCurvesFigure(results).data.length, 4);
    const only = await compareTransfer({ base, train: high, test: highTest, numEpochs: 1, batchSize: 64, modes: ["scratch"] });
    assert.deepEqual(only.map((r) => r.mode), ["scratch"]);
    only.forEach((r) => disposeModel(r.model));
    tf.dispose([high.X, high.y, highTest.X, highTest.y]);
    [base, ...results.map((r) => r.model)].forEach((m) => disposeModel(m));
  });

  it("trainTwoStage keeps the features fixed while the head trains, then moves them at the lower learning rate", async () => {
    const base = createCourseCnn({ numClasses: 10, seed: 9 });
    const model = transferModel(base, { mode: "two-stage", numClasses: 10, featureLayers: ["conv"], seed: 3 });
    assert.equal(model.getLayer("conv").trainable, false, "two-stage starts frozen");
    const start = weightsOf(model, "conv");
    const snapshots: number[][][] = [];
    const history = await trainTwoStage(model, train, {
      featureLayers: ["conv"], headEpochs: 1, numEpochs: 2, batchSize: 64, fineTuneLr: 1e-4,
      validationData: test,
    });
    snapshots.push(weightsOf(model, "conv"));
    assert.deepEqual(history.epochs.map((e) => e.epoch), [1, 2]);
    assert.equal(history.curves.epoch.at(-1), 2);
    assert.ok(maxChange(snapshots[0]!, start) > 0, "the second stage did not move the features");
    assert.equal(model.getLayer("conv").trainable, true);
    // stage 1 alone leaves them untouched
    const frozenOnly = transferModel(base, { mode: "two-stage", numClasses: 10, featureLayers: ["conv"], seed: 3 });
    await trainModel(frozenOnly, train, { numEpochs: 1, batchSize: 64 });
    assert.equal(maxChange(weightsOf(frozenOnly, "conv"), weightsOf(base, "conv")), 0);
    await assert.rejects(trainTwoStage(model, train, { featureLayers: ["conv"], headEpochs: 2, numEpochs: 2 }), /headEpochs must be an integer in 1..1/);
    [base, model, frozenOnly].forEach((m) => disposeModel(m));
  });

  it("an augmentation layer inside the model moves images while fit trains and passes them through at inference", async () => {
    const layer = randomAugmentation({ settings: { rotationRange: 15, widthShiftRange: 0.1, seed: 1 }, inputShape: [28, 28, 1] });
    const model = createCourseCnn({ seed: 4, augmentation: layer });
    assert.deepEqual(model.layers.map((l) => l.name).slice(0, 2), ["augmentation", "conv"]);
    assert.equal(model.countParams(), 5_225_282);
    const X = train.X.slice(0, 8);
    const diff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    assert.equal(diff(layer.apply(X, { training: false }) as tf.Tensor, X), 0);
    assert.ok(diff(layer.apply(X, { training: true }) as tf.Tensor, X) > 0.1);
    assert.equal(diff(model.predict(X) as tf.Tensor, model.predict(X) as tf.Tensor), 0);
    // fit calls it with training: true
    let seen = 0;
    const original = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => { if (kwargs["training"] === true) seen++; return original(inputs, kwargs); };
    await trainModel(model, { X, y: train.y.slice(0, 8) }, { numEpochs: 1, batchSize: 8 });
    assert.ok(seen > 0, "fit never called the layer with training: true");
    assert.throws(() => randomAugmentation({ settings: { featurewiseCenter: true } as never }), /featurewiseCenter is not a per-batch transformation/);
    disposeModel(model);
  });

  it("gradientNoise: minibatch gradient noise falls as 1/√B", () => {
    const model = createCourseCnn({ seed: 5 });
    const data = { X: train.X.slice(0, 250), y: train.y.slice(0, 250) };
    const noise = gradientNoise(model, data, { batchSizes: [4, 64], draws: 16, seed: 2, chunk: 125 });
    const ratio = noise.batches[0]!.noise / noise.batches[1]!.noise;
    assert.ok(ratio > 2.5 && ratio < 6.5, `noise ratio ${ratio}, 1/√B predicts 4`);
    assert.ok(noise.fullNorm > 0);
    assert.throws(() => gradientNoise(model, data, { batchSizes: [300], draws: 4 }), /batch size 300 is not an integer in 1..250/);
    assert.throws(() => gradientNoise(model, data, { batchSizes: [4], draws: 4, chunk: 100 }), /250 digits do not split into chunks of 100/);
    disposeModel(model);
  });
});
