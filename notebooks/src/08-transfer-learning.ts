// %% [markdown]
// # 08 · Transfer learning
//
// The notes end with two words: **Transfer Learning**. The idea: a network trained on one task
// has learnt features (edges, strokes, loops) that are useful for another task too. Instead of
// starting from random weights, start from those, and train only what is specific to the new
// task. It can pay off when the new task has little data: whether it does is what this lesson
// measures.
//
// The experiment of this lesson, all on MNIST:
//
// 1. train the course CNN on the digits **0–4** only;
// 2. save its weights to files, and load them back;
// 3. keep its feature layers, **frozen by name**, and put a new head on top for the digits
//    **5–9** (labels shifted: 5 → 0, …, 9 → 4);
// 4. with only 100 digits 5–9, compare four networks: **frozen** features, **fine-tuned**
//    features, the **two-stage** fine-tune (the head first, then everything at a lower learning
//    rate), and a network trained **from scratch**, with learning curves, over several seeds.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { readdir, stat, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensureBackend, loadMnist, selectDigits, takeSubset, classCounts, toTensors, digitRows, imageGrid,
  createCourseCnn, modelSummary, trainModel, evaluateModel, saveModel, loadModel,
  transferModel, compareTransfer, disposeModel, linePlot, barChart, meanSE, formatMeanSE, compareSeeds,
} from "tsdl";
import type { TransferResult } from "tsdl";

/** Quick mode (CI): fewer digits and epochs; every cell still runs. */
const QUICK = process.env.TSDL_QUICK === "1";
const backend = await ensureBackend();   // "tensorflow", "wasm" or "cpu", chosen once

// %% [markdown]
// ## 1 · Two tasks from one data set
//
// [`selectDigits`](../lib/data/mnist.ts) keeps only some digits and relabels them by their position in
// the list. **Predict:** with `[5, 6, 7, 8, 9]`, which label does a 7 get?

// %%
const trainSet = await loadMnist("train");
const testSet = await loadMnist("test");
const LOW = [0, 1, 2, 3, 4];
const HIGH = [5, 6, 7, 8, 9];
const lowTrain = selectDigits(trainSet, LOW);
const highTrain = selectDigits(trainSet, HIGH);
const lowTest = selectDigits(testSet, LOW);
const highTest = selectDigits(testSet, HIGH);
console.log(`0–4: ${lowTrain.count.toLocaleString("en-US")} training digits, ${lowTest.count.toLocaleString("en-US")} test digits, per label`, classCounts(lowTrain, 5));
console.log(`5–9: ${highTrain.count.toLocaleString("en-US")} training digits, ${highTest.count.toLocaleString("en-US")} test digits, per label`, classCounts(highTrain, 5));
imageGrid(Array.from({ length: 10 }, (_, i) => digitRows(highTrain, i)), {
  title: "Digits 5–9 with their new labels (digit − 5)", columns: 10, zmin: 0, zmax: 1, tileSize: 80,
  titles: Array.from(highTrain.labels.subarray(0, 10), (label) => `${label + 5} → label ${label}`),
});

// %% [markdown]
// ## 2 · The base network: the course CNN on 0–4
//
// The notes' model with a 5-way softmax instead of a 10-way one
// ([`createCourseCnn`](../lib/training/model.ts)`({ numClasses: 5 })`), trained on 10,000 of the 30,596
// training digits 0–4 (quick mode: 3,000) for one epoch with [`trainModel`](../lib/training/training.ts), and
// tested on the 0–4 test digits with [`evaluateModel`](../lib/training/evaluation.ts).

// %% {"tsdl": {"slow": "trains the base CNN on 10,000 digits 0–4 (3,000 in quick mode)"}}
const baseTrain = toTensors(takeSubset(lowTrain, { size: QUICK ? 3_000 : 10_000, seed: 1 }), { numClasses: 5 });
const baseTest = toTensors(lowTest, { numClasses: 5 });
const base = createCourseCnn({ numClasses: 5, seed: 1 });
const baseHistory = await trainModel(base, baseTrain, {
  numEpochs: 1, display, title: "Base network: digits 0–4", validationData: baseTest,
});
const baseEvaluation = await evaluateModel(base, baseTest, { classNames: LOW.map(String) });
console.log(`0–4 test accuracy: ${(100 * baseEvaluation.accuracy).toFixed(2)}% after ${baseHistory.seconds.toFixed(0)} s`);
assert.ok(baseEvaluation.accuracy > (QUICK ? 0.9 : 0.98));
tf.dispose([baseTrain.X, baseTrain.y]);

// %% [markdown]
// ## 3 · Saving and loading weights
//
// A trained network is worth keeping. [`saveModel`](../lib/training/weights-io.ts) writes TensorFlow.js's
// format: `model.json` (the layers, and a manifest of every weight's name, shape and offset)
// and `weights.bin` (the 32-bit floats, one after another). **Predict** the size of
// `weights.bin`: how many parameters does the 5-class model have, times 4 bytes?

// %%
const saveDir = join(tmpdir(), `tsdl-transfer-${process.pid}`, "base-0-4");
await saveModel(base, saveDir);
for (const file of await readdir(saveDir)) {
  console.log(`${file.padEnd(12)} ${(await stat(join(saveDir, file))).size.toLocaleString("en-US").padStart(12)} bytes`);
}
console.log(`parameters: ${base.countParams().toLocaleString("en-US")} × 4 bytes = ${(4 * base.countParams()).toLocaleString("en-US")} bytes`);
assert.equal((await stat(join(saveDir, "weights.bin"))).size, 4 * base.countParams());

// %% [markdown]
// Load it back as a new model ([`loadModel`](../lib/training/weights-io.ts); TensorFlow.js's own `file://`
// handler exists only in `@tensorflow/tfjs-node`, so the library brings a small file handler built
// on `node:fs`) and check that it predicts exactly what the original does:

// %%
const reloaded = await loadModel(saveDir);
const probe = baseTest.X.slice([0, 0, 0, 0], [200, 28, 28, 1]);
const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(base.predict(probe) as tf.Tensor, reloaded.predict(probe) as tf.Tensor))).dataSync()[0]!);
console.log(`largest difference between the two models' probabilities on 200 digits: ${difference}`);
reloaded.dispose();
assert.equal(difference, 0);

// %% [markdown]
// ## 4 · Which layers transfer?
//
// The course CNN is a feature extractor followed by a classifier:
//
// - `conv` (16 filters, 3×3), `pool`, `flatten`: pixels → 10,000 local features (strokes, edges);
// - `dense_512`: local features → 512 features of the whole digit;
// - `dense_200` and `output`: → 200 features → 5 probabilities, one per class **of the old task**.
//
// The top of the network is specific to the old task (the units of `output` mean "0", …, "4"),
// so it is replaced by new, randomly initialised layers: the **new head**. The layers below are
// kept. Here we transfer `conv` and `dense_512` (5,120,672 of the 5,224,277 weights) and give the
// network a new `dense_200` and a new `output`.
//
// A layer whose weights must not change is **frozen**: `layer.trainable = false`. Frozen weights
// get no update, so the optimizer leaves them alone:
//
// $$w^{\text{new}} = \begin{cases} w^{\text{old}} - \eta \frac{\partial J}{\partial w} & \text{trainable} \\ w^{\text{old}} & \text{frozen} \end{cases}$$
//
// Layers are frozen **by name**, never by position (`i < 7` breaks as soon as someone adds a
// layer). In TensorFlow.js, as in Keras, `trainable` takes effect when the model is compiled:
// freeze first, then compile ([`trainModel`](../lib/training/training.ts) compiles).

// %%
const TRANSFERRED = ["conv", "dense_512"];   // the feature layers taken from the 0–4 network
console.log(base.layers.map((layer) => `${layer.name.padEnd(10)} ${layer.countParams().toLocaleString("en-US").padStart(10)} parameters`).join("\n"));
const transferredCount = TRANSFERRED.reduce((n, name) => n + base.getLayer(name).countParams(), 0);
console.log(`transferred: ${transferredCount.toLocaleString("en-US")} of ${base.countParams().toLocaleString("en-US")}`);
assert.equal(transferredCount, 5_120_672);
assert.equal(base.countParams(), 5_224_277);

// %% [markdown]
// Exercises: each is a function to complete (in the student version its body is
// `throw new Error("not implemented");`), followed by a locked cell of tests worth the points
// shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (1 point) · how many weights train?
//
// Without running anything: with `conv` and `dense_512` frozen, how many weights does the new
// model train? Make `trainableWeightCount()` return the number (write it as arithmetic, not
// only as the final number, so that a reader sees where it comes from). Use $P_{\text{dense}} = (n_{in} + 1)\,n_{out}$ for the new `dense_200` (512 inputs)
// and the new 5-unit `output`.

// %% {"nbgrader": {"grade_id": "transfer_count", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function trainableWeightCount(): number {
  // BEGIN SOLUTION
  return (512 + 1) * 200 + (200 + 1) * 5;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "transfer_count_tests", "solution": false, "grade": true, "locked": true, "points": 1, "schema_version": 3}}
const answer = trainableWeightCount();
assert.ok(Number.isInteger(answer), `the count must be a whole number, got ${answer}`);
console.log(`you said ${answer.toLocaleString("en-US")}`);
// BEGIN HIDDEN TESTS
const check = transferModel(base, { mode: "frozen", featureLayers: TRANSFERRED });
const checkCount = modelSummary(check).trainableParams;
check.dispose();
assert.equal(answer, checkCount);
assert.equal(answer, 103_605);
// END HIDDEN TESTS

// %% [markdown]
// ### Exercise 2 (3 points) · a transfer model, built by name
//
// Write `buildTransferModel(base, featureLayers, frozen)`: a **new** 5-class course CNN
// (`createCourseCnn({ numClasses: 5 })`) whose layers named in `featureLayers` get copies of
// `base`'s weights (`layer.setWeights(base.getLayer(name).getWeights())`) and are frozen when
// `frozen` is true; every other layer keeps its fresh random weights and stays trainable. Do not
// change `base`. A name that is not a layer must raise an error (`getLayer` throws one).

// %% {"nbgrader": {"grade_id": "transfer_model", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function buildTransferModel(base: tf.LayersModel, featureLayers: string[], frozen: boolean): tf.LayersModel {
  // BEGIN SOLUTION
  const model = createCourseCnn({ numClasses: 5, seed: 2 });
  for (const name of featureLayers) {
    const layer = model.getLayer(name);
    layer.setWeights(base.getLayer(name).getWeights());
    layer.trainable = !frozen;
  }
  return model;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "transfer_model_tests", "solution": false, "grade": true, "locked": true, "points": 3, "schema_version": 3}}
const mine = buildTransferModel(base, TRANSFERRED, true);
display(modelSummary(mine));
// BEGIN HIDDEN TESTS
const sameWeights = (a: tf.layers.Layer, b: tf.layers.Layer) =>
  a.getWeights().every((w, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(w, b.getWeights()[i]!))).dataSync()[0]) === 0);
assert.notEqual(mine, base, "build a new model; do not return base");
for (const name of TRANSFERRED) {
  assert.ok(sameWeights(mine.getLayer(name), base.getLayer(name)), `${name} does not hold base's weights`);
  assert.equal(mine.getLayer(name).trainable, false, `${name} is not frozen`);
}
for (const name of ["dense_200", "output"]) {
  assert.ok(!sameWeights(mine.getLayer(name), base.getLayer(name)), `${name} must be new, not base's`);
  assert.equal(mine.getLayer(name).trainable, true, `${name} must stay trainable`);
}
assert.equal(modelSummary(mine).trainableParams, 103_605);
const everything = buildTransferModel(base, ["conv", "dense_512", "dense_200"], true);
assert.equal(modelSummary(everything).trainableParams, 1_005);
assert.ok(sameWeights(everything.getLayer("dense_200"), base.getLayer("dense_200")));
const fine = buildTransferModel(base, TRANSFERRED, false);
assert.ok(fine.layers.every((layer) => layer.trainable), "with frozen = false every layer trains");
assert.ok(sameWeights(fine.getLayer("dense_512"), base.getLayer("dense_512")));
assert.ok(base.layers.every((layer) => layer.trainable), "base must not be changed");
assert.throws(() => buildTransferModel(base, ["conv", "dense_999"], true));
[everything, fine].forEach((m) => m.dispose());
// END HIDDEN TESTS

// %% [markdown]
// The summary shows the frozen layers (not trainable) and the count of trainable weights: compare
// it with your answer to exercise 1. The library's [`transferModel`](../lib/training/transfer.ts) does the same
// thing, with [`copyLayerWeights`](../lib/training/transfer.ts) and [`freezeLayers`](../lib/training/transfer.ts)
// (which names the layers a model has when asked for one it lacks).
//
// ## 5 · Frozen, fine-tuned, two-stage, from scratch
//
// Now the real test: only 100 digits 5–9 to learn from (20 per class). Four networks, the same
// digits, the same settings (Adam, $\eta = 0.001$, batches of 32), the same number of epochs
// ([`compareTransfer`](../lib/training/transfer.ts)):
//
// - **frozen**: `conv` and `dense_512` from the 0–4 network, frozen; the new head trains;
// - **fine-tuned**: the same start, but every weight trains from the first step;
// - **two-stage** ([`trainTwoStage`](../lib/training/transfer.ts)), as Keras's transfer-learning guide does it:
//   first the head alone, with the features frozen, for a third of the epochs; then everything,
//   unfrozen, with a fresh Adam at a ten times lower learning rate, $\eta = 0.0001$. The new head
//   starts random, and its first gradients are large and random too: with the features frozen
//   they cannot wreck what the features learnt; once the head makes sense, small steps adapt the
//   features to the new digits;
// - **from scratch**: the course CNN with random weights everywhere.
//
// A single run of 100 training digits is one draw: the digits chosen, the initial head and the
// shuffle all depend on the seed, and 1,000 test digits alone leave a standard error of about one
// point. So each arm is trained with **three seeds** (each seed its own 100 digits and initial
// head; three is what fits the course's time budget), scored on 2,000 test digits, and reported as
// mean ± SE. The curves after every epoch are on 250 other training digits 5–9 held out for
// validation, never trained on.
//
// **Predict:** which one is best after one epoch? After the last?

// %% {"tsdl": {"slow": "trains four networks for 15 epochs with three seeds each (4 epochs and two seeds in quick mode)"}}
const smallSize = 100;
const numEpochs = QUICK ? 4 : 15;
const numSeeds = QUICK ? 2 : 3;
const numValidation = 250;
const highPool = toTensors(takeSubset(highTrain, { size: numValidation + numSeeds * smallSize, seed: 3 }), { numClasses: 5 });
const highVal = { X: highPool.X.slice(0, numValidation), y: highPool.y.slice(0, numValidation) };
const highTestData = toTensors(takeSubset(highTest, { size: 2_000, seed: 4 }), { numClasses: 5 });
console.log(`${smallSize} training digits 5–9 per seed, ${numSeeds} seeds, ${numEpochs} epochs; validated on ${numValidation}, tested on ${highTestData.X.shape[0].toLocaleString("en-US")} digits 5–9`);
const bySeed: TransferResult[][] = [];
for (let seed = 0; seed < numSeeds; seed++) {
  const start = numValidation + seed * smallSize;
  const smallHigh = { X: highPool.X.slice(start, smallSize), y: highPool.y.slice(start, smallSize) };
  const results = await compareTransfer({
    base, train: smallHigh, validation: highVal, test: highTestData, numEpochs, featureLayers: TRANSFERRED,
    batchSize: 32, seed: 2 + seed, fineTuneLr: 0.0001, ...(seed === 0 ? { display } : {}),
  });
  console.log(`seed ${seed}: ` + results.map((r) => `${r.mode} ${(100 * r.testAccuracy).toFixed(1)}%`).join(", "));
  bySeed.push(results);
  tf.dispose([smallHigh.X, smallHigh.y]);
  if (seed > 0) results.forEach(({ model }) => disposeModel(model));
}

// %%
const modes = bySeed[0]!.map((r) => r.mode);
const arm = (mode: string) => bySeed.map((results) => results.find((r) => r.mode === mode)!);
const meanCurve = (mode: string) => arm(mode)[0]!.history.epochs.map((_, e) => arm(mode).reduce((a, r) => a + r.history.epochs[e]!.valAcc!, 0) / numSeeds);
const stats = modes.map((mode) => ({ mode, test: meanSE(arm(mode).map((r) => r.testAccuracy)), firstEpoch: meanSE(arm(mode).map((r) => r.history.epochs[0]!.valAcc!)), curve: meanCurve(mode) }));
console.table(stats.map((a) => ({
  network: a.mode, "trainable weights (at the end)": arm(a.mode)[0]!.trainableParams.toLocaleString("en-US"),
  "val acc after 1 epoch (%)": formatMeanSE(a.firstEpoch), "test acc (mean ± SE, %)": formatMeanSE(a.test),
})));
barChart(modes, [{ name: `test accuracy, mean ± SE over ${numSeeds} seeds`, values: stats.map((a) => a.test.mean), errors: stats.map((a) => a.test.se) }],
  { title: `Test accuracy on digits 5–9 after ${numEpochs} epochs on ${smallSize} of them`, yLabel: "test accuracy", height: 360 });

// %%
linePlot(stats.map((a) => ({ name: a.mode, x: a.curve.map((_, e) => e + 1), y: a.curve, mode: "lines+markers" as const })),
  { title: `Validation accuracy on digits 5–9, mean of ${numSeeds} seeds`, xLabel: "epoch", yLabel: "validation accuracy", height: 380 });

// %% [markdown]
// **Look** at the table and the curves, then at what the run says, computed from it: each arm
// against the network from scratch, seed by seed, a difference counting only when it is more than
// twice its standard error; and when (if at all) the network from scratch catches up with the
// fine-tuned one on the mean validation curve.

// %%
const scratchAccs = arm("scratch").map((r) => r.testAccuracy);
for (const mode of modes.filter((m) => m !== "scratch")) {
  const { verdict, difference } = compareSeeds(arm(mode).map((r) => r.testAccuracy), scratchAccs);
  console.log(`${mode}: ${verdict} the network from scratch (${formatMeanSE(difference)} points)`);
}
const fineCurve = stats.find((a) => a.mode === "fine-tuned")!.curve;
const scratchCurve = stats.find((a) => a.mode === "scratch")!.curve;
const catchUp = scratchCurve.findIndex((v, e) => v >= fineCurve[e]!);
console.log(catchUp < 0 ? `from scratch stays below fine-tuned on the mean validation curve for all ${numEpochs} epochs`
  : `from scratch reaches fine-tuned on the mean validation curve at epoch ${catchUp + 1} of ${numEpochs}`);

// %% [markdown]
// How to read it:
//
// - An arm "not distinguishable from" scratch may still be better or worse: three seeds cannot
//   tell. Only the printed differences beyond twice their SE are findings of this run.
// - **Frozen** features can only be as useful as the old task made them: nothing in training on
//   0–4 asked `dense_512` to keep what separates a 5 from a 9, and frozen, it cannot learn it now;
//   only the new head adapts. Fine-tuning and the two-stage fine-tune may change the features.
// - **From scratch**: MNIST is easy, and the course CNN finds usable features even in 100 digits.
//
// Transfer is known to pay most when the old task is broad and the new one small and hard:
// features learnt on the 1.2 million photos and 1,000 classes of ImageNet carry over to a few
// hundred medical images, where a network from scratch has little chance. Here the old task
// (5 digits) is as narrow as the new one, and the new one is easy; the numbers above are what
// transfer is worth on it.

// %%
const frozenRun = arm("frozen")[0]!;
const twoStageRun = arm("two-stage")[0]!;

// %% [markdown]
// And the frozen layers really did not move: the frozen network's `conv` and `dense_512` still
// hold exactly the 0–4 network's weights, while the two-stage network's moved once unfrozen.

// %%
for (const name of TRANSFERRED) {
  const change = (model: tf.LayersModel) => tf.tidy(() => Math.max(...model.getLayer(name).getWeights().map((w, i) =>
    tf.max(tf.abs(tf.sub(w, base.getLayer(name).getWeights()[i]!))).dataSync()[0]!)));
  console.log(`${name}: largest change during training, frozen ${change(frozenRun.model)}, two-stage ${change(twoStageRun.model).toExponential(1)}`);
  assert.equal(change(frozenRun.model), 0);
  assert.ok(change(twoStageRun.model) > 0, "the two-stage fine-tune's second stage did not change the features");
}

// %%
await rm(join(tmpdir(), `tsdl-transfer-${process.pid}`), { recursive: true, force: true });
bySeed[0]!.forEach(({ model }) => disposeModel(model));
tf.dispose([highPool.X, highPool.y, highVal.X, highVal.y, highTestData.X, highTestData.y]);

// %% [markdown]
// ## Summary
//
// - **Transfer learning**: reuse the layers a network learnt on one task (digits 0–4) as the
//   starting point for another (digits 5–9); replace the head, whose units belong to the old
//   classes.
// - Freeze layers **by name** (`model.getLayer("conv").trainable = false`), then compile;
//   frozen weights do not change.
// - Frozen features are only as good as the old task made them: features learnt on 0–4 lose
//   what separates 5–9. Fine-tuning may adapt them; the two-stage fine-tune trains the new head
//   first, with the features frozen, then everything at a lower learning rate.
// - One run of 100 digits is one draw: compare arms over seeds, by mean ± SE, and claim only
//   differences well beyond the SE. How the four arms compare on this pair of tasks is printed in
//   section 5.
// - Weights are saved as `model.json` + `weights.bin` (4 bytes per parameter) and load back to
//   the exact same predictions.
//
// ## Further reading
//
// - d2l.ai, [Fine-Tuning](https://d2l.ai/chapter_computer-vision/fine-tuning.html): a pretrained
//   ImageNet network fine-tuned on hot dogs, with a smaller learning rate for the transferred layers.
// - TensorFlow, [Transfer learning and fine-tuning](https://www.tensorflow.org/tutorials/images/transfer_learning):
//   feature extraction with a frozen base, then fine-tuning the top layers at a lower learning rate.
// - Keras, [Transfer learning & fine-tuning](https://keras.io/guides/transfer_learning/): `trainable`,
//   freezing, the two-stage recipe, and why BatchNormalization layers stay in inference mode.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`transfer.ts`](../lib/training/transfer.ts): `transferModel`, `compareTransfer`, `trainTwoStage` (built on `copyLayerWeights`, `freezeLayers` and `unfreezeLayers`)
// - [`seeds.ts`](../lib/training/seeds.ts): `meanSE`, `formatMeanSE`, `compareSeeds`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`; [`figures/bars.ts`](../lib/figures/bars.ts): `barChart`
// - [`weights-io.ts`](../lib/training/weights-io.ts): `saveModel`, `loadModel` (a `node:fs` file handler in TensorFlow.js's format)
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`
// - [`mnist.ts`](../lib/data/mnist.ts): `loadMnist`, `selectDigits`, `takeSubset`, `classCounts`, `toTensors`, `digitRows`
// - [`model.ts`](../lib/training/model.ts): `createCourseCnn`
// - [`model-summary.ts`](../lib/training/model-summary.ts): `modelSummary`
// - [`training.ts`](../lib/training/training.ts): `trainModel`, `disposeModel`
// - [`evaluation.ts`](../lib/training/evaluation.ts): `evaluateModel`
// - [`figures/image-grid.ts`](../lib/figures/image-grid.ts): `imageGrid`
