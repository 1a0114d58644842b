// %% [markdown]
// # 08 · Transfer learning
//
// The notes end with two words: **Transfer Learning**. The idea: a network trained on one task
// has learnt features (edges, strokes, loops) that are useful for another task too. Instead of
// starting from random weights, start from those, and train only what is specific to the new
// task. It pays off most when the new task has little data.
//
// The experiment of this lesson, all on MNIST:
//
// 1. train the course CNN on the digits **0–4** only;
// 2. save its weights to files, and load them back;
// 3. keep its feature layers, **frozen by name**, and put a new head on top for the digits
//    **5–9** (labels shifted: 5 → 0, …, 9 → 4);
// 4. with only a few hundred 5–9 digits, compare three networks: **frozen** features,
//    **fine-tuned** features, and a network trained **from scratch**, with learning curves.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { readdir, stat, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensureBackend, loadMnist, selectDigits, takeSubset, classCounts, toTensors, digitRows, imageGrid, linePlot,
  createCourseCnn, modelSummary, trainModel, evaluateModel, saveModel, loadModel, loadWeightsInto,
} from "tsdl";

/** Quick mode (CI): fewer digits and epochs; every cell still runs. */
const QUICK = process.env.TSDL_QUICK === "1";
await ensureBackend();

// %% [markdown]
// ## 1 · Two tasks from one data set
//
// [`selectDigits`](../lib/mnist.ts) keeps only some digits and relabels them by their position in
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
// The notes' model with a 5-way softmax instead of a 10-way one (`numClasses: 5`), trained on
// every 0–4 training digit (quick mode: 3,000 of them).

// %%
const baseTrain = toTensors(QUICK ? takeSubset(lowTrain, { size: 3_000, seed: 1 }) : lowTrain, { numClasses: 5 });
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
// A trained network is worth keeping. [`saveModel`](../lib/weights-io.ts) writes TensorFlow.js's
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
// Load it back as a new model and check that it predicts exactly what the original does:

// %%
const reloaded = await loadModel(saveDir);
const probe = baseTest.X.slice([0, 0, 0, 0], [200, 28, 28, 1]);
const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(base.predict(probe) as tf.Tensor, reloaded.predict(probe) as tf.Tensor))).dataSync()[0]!);
console.log(`largest difference between the two models' probabilities on 200 digits: ${difference}`);
assert.equal(difference, 0);
reloaded.dispose();

// %% [markdown]
// ## 4 · Which layers transfer?
//
// The course CNN is a feature extractor followed by a classifier:
//
// - `conv` (16 filters, 3×3), `pool`, `flatten`: pixels → 10,000 local features;
// - `dense_512`, `dense_200` (with their dropouts): local features → 200 features of the whole
//   digit;
// - `output`: 200 features → 5 probabilities, one per class **of the old task**.
//
// The head `output` is useless for 5–9 (its units mean "0", …, "4"), so it is replaced by a new,
// randomly initialised one. Everything below it may be kept. A layer whose weights must not
// change is **frozen**: `layer.trainable = false`. Frozen weights get no gradient, so the
// optimizer leaves them alone:
//
// $$w^{\text{new}} = \begin{cases} w^{\text{old}} - \eta \frac{\partial J}{\partial w} & \text{trainable} \\ w^{\text{old}} & \text{frozen} \end{cases}$$
//
// Layers are frozen **by name**, never by position (`i < 7` breaks as soon as someone adds a
// layer). In TensorFlow.js, as in Keras, `trainable` takes effect when the model is compiled:
// freeze first, then compile (`trainModel` compiles).

// %%
const FEATURE_LAYERS = ["conv", "dense_512", "dense_200"];
const HEAD = "output";
console.log(base.layers.map((layer) => `${layer.name}: ${layer.countParams().toLocaleString("en-US")} params`).join("\n"));

// %% [markdown]
// ### Exercise 1 (3 points) · a transfer model, built by name
//
// Write `transferModel(base, frozen)`: a **new** course CNN for 5 classes (`createCourseCnn`)
// whose layers named in `FEATURE_LAYERS` get copies of `base`'s weights
// (`layer.setWeights(base.getLayer(name).getWeights())`), whose head keeps its fresh random
// weights, and whose feature layers are frozen when `frozen` is true. Do not change `base`. If a
// name in `FEATURE_LAYERS` is not a layer of the model, `getLayer` throws: let it.

// %% {"nbgrader": {"grade_id": "transfer_model", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function transferModel(base: tf.LayersModel, frozen: boolean): tf.LayersModel {
  // BEGIN SOLUTION
  const model = createCourseCnn({ numClasses: 5, seed: 2 });
  for (const name of FEATURE_LAYERS) {
    const layer = model.getLayer(name);
    layer.setWeights(base.getLayer(name).getWeights());
    layer.trainable = !frozen;
  }
  return model;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "transfer_model_tests", "solution": false, "grade": true, "locked": true, "points": 3, "schema_version": 3}}
const frozenCheck = transferModel(base, true);
modelSummary(frozenCheck);
// BEGIN HIDDEN TESTS
const sameWeights = (a: tf.layers.Layer, b: tf.layers.Layer) =>
  a.getWeights().every((w, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(w, b.getWeights()[i]!))).dataSync()[0]) === 0);
assert.notEqual(frozenCheck, base, "build a new model; do not return base");
for (const name of FEATURE_LAYERS) {
  assert.ok(sameWeights(frozenCheck.getLayer(name), base.getLayer(name)), `${name} does not hold base's weights`);
  assert.equal(frozenCheck.getLayer(name).trainable, false, `${name} is not frozen`);
}
assert.ok(!sameWeights(frozenCheck.getLayer(HEAD), base.getLayer(HEAD)), "the head must be new, not base's");
assert.equal(frozenCheck.getLayer(HEAD).trainable, true, "the head must stay trainable");
assert.equal(modelSummary(frozenCheck).trainableParams, 1_005);
const fineCheck = transferModel(base, false);
assert.ok(fineCheck.layers.every((layer) => layer.trainable), "with frozen = false every layer trains");
assert.ok(base.layers.every((layer) => layer.trainable), "base must not be changed");
fineCheck.dispose();
// END HIDDEN TESTS

// %% [markdown]
// The summary shows it: of 5,224,277 parameters only the head's $200 \cdot 5 + 5 = 1{,}005$
// train.
//
// ### Exercise 2 (1 point) · how many parameters does the frozen model train?
//
// Without running anything: if only `conv` were frozen (and `dense_512`, `dense_200` and the
// 5-class head trained), how many parameters would train? Use
// $P_{\text{dense}} = (n_{in} + 1)\,n_{out}$.

// %% {"nbgrader": {"grade_id": "transfer_count", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
// BEGIN SOLUTION
const trainableIfOnlyConvFrozen = (10_000 + 1) * 512 + (512 + 1) * 200 + (200 + 1) * 5;
// END SOLUTION

// %% {"nbgrader": {"grade_id": "transfer_count_tests", "solution": false, "grade": true, "locked": true, "points": 1, "schema_version": 3}}
assert.equal(typeof trainableIfOnlyConvFrozen, "number");
// BEGIN HIDDEN TESTS
const onlyConv = createCourseCnn({ numClasses: 5 });
onlyConv.getLayer("conv").trainable = false;
assert.equal(trainableIfOnlyConvFrozen, modelSummary(onlyConv).trainableParams);
assert.equal(trainableIfOnlyConvFrozen, 5_224_117);
onlyConv.dispose();
// END HIDDEN TESTS

// %% [markdown]
// ## 5 · Frozen, fine-tuned, from scratch
//
// Now the real test: only a few hundred 5–9 digits to learn from (quick mode: fewer). Three
// networks, the same digits, the same number of epochs:
//
// - **frozen**: the base network's features, frozen; only the new head trains (1,005 weights);
// - **fine-tuned**: the base network's features as the starting point, every weight trains,
//   with a 10× smaller learning rate ($\eta = 10^{-4}$) so as not to wreck what was learnt;
// - **from scratch**: the course CNN with random weights, every weight trains ($\eta = 10^{-3}$).
//
// **Predict:** which one wins after one epoch? After the last?

// %%
const smallSize = QUICK ? 200 : 500;
const numEpochs = QUICK ? 3 : 15;
const smallHigh = toTensors(takeSubset(highTrain, { size: smallSize, seed: 3 }), { numClasses: 5 });
const highTestData = toTensors(QUICK ? takeSubset(highTest, { size: 1_000, seed: 4 }) : highTest, { numClasses: 5 });
console.log(`${smallSize} training digits 5–9, ${numEpochs} epochs; tested on ${highTestData.X.shape[0].toLocaleString("en-US")} digits 5–9`);

const contenders = [
  { name: "frozen", model: transferModel(base, true), lr: 1e-3 },
  { name: "fine-tuned", model: transferModel(base, false), lr: 1e-4 },
  { name: "from scratch", model: createCourseCnn({ numClasses: 5, seed: 2 }), lr: 1e-3 },
];
const convBefore = contenders[0]!.model.getLayer("conv").getWeights()[0]!.clone();
const curves: { name: string; testAcc: number[]; finalAcc: number; seconds: number }[] = [];
for (const { name, model, lr } of contenders) {
  const history = await trainModel(model, smallHigh, {
    numEpochs, lr, batchSize: 32, display, title: `${name}: ${smallSize} digits 5–9`, validationData: highTestData,
  });
  curves.push({ name, testAcc: history.epochs.map((e) => e.valAcc!), finalAcc: history.epochs.at(-1)!.valAcc!, seconds: history.seconds });
}

// %%
console.table(curves.map((c) => ({ network: c.name, "accuracy after 1 epoch": c.testAcc[0]!.toFixed(3), "final accuracy": c.finalAcc.toFixed(4), seconds: c.seconds.toFixed(1) })));
linePlot(curves.map((c, i) => ({
  name: c.name, x: c.testAcc.map((_, e) => e + 1), y: c.testAcc, mode: "lines+markers" as const,
  color: ["#1f77b4", "#2ca02c", "#d62728"][i]!,
})), { title: `Test accuracy on digits 5–9, trained on ${smallSize} of them`, xLabel: "epoch", yLabel: "accuracy", height: 400 });

// %% [markdown]
// **Look:** the two networks that start from the 0–4 features are good after a single epoch:
// strokes, loops and edges learnt on 0–4 describe 5–9 just as well, and only the mapping from
// features to the new classes had to be learnt. The network from scratch must learn its
// features from a few hundred digits, and stays behind.
//
// And the frozen layers really did not move:

// %%
const convAfter = contenders[0]!.model.getLayer("conv").getWeights()[0]!;
const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(convAfter, convBefore))).dataSync()[0]!);
console.log(`frozen conv kernel: largest change during training = ${moved}`);
assert.equal(moved, 0);
const [frozenRun, , scratchRun] = curves as [typeof curves[0], typeof curves[0], typeof curves[0]];
if (!QUICK) assert.ok(frozenRun.finalAcc > scratchRun.finalAcc, "transfer did not beat training from scratch");

// %%
await rm(join(tmpdir(), `tsdl-transfer-${process.pid}`), { recursive: true, force: true });
contenders.forEach(({ model }) => model.dispose());

// %% [markdown]
// ## Summary
//
// - **Transfer learning**: reuse the layers a network learnt on one task (digits 0–4) as the
//   starting point for another (digits 5–9); replace the head, whose units belong to the old
//   classes.
// - Freeze layers **by name** (`model.getLayer("conv").trainable = false`), then compile;
//   frozen weights do not change.
// - With little data, frozen or fine-tuned features beat training from scratch, and get there
//   in fewer epochs; fine-tuning uses a smaller learning rate.
// - Weights are saved as `model.json` + `weights.bin` (4 bytes per parameter) and load back to
//   the exact same predictions.
