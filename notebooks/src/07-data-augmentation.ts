// %% [markdown]
// # 07 · Data augmentation
//
// The notes:
//
// > **Data Augmentation:** When the dataset images are less in number, we augment the
// >
// > data by flipping, rotating or shifting
//
// A network trained on few images learns those images, not digits: its training accuracy
// climbs to 100% while its test accuracy stalls. Augmentation makes new training images out of
// the old ones (each epoch sees every digit slightly rotated, shifted, sheared) so that the
// network must learn what does not change under those moves.
//
// The plan: the notes' `ImageDataGenerator` settings, one at a time, with pictures → the
// featurewise statistics and why they need a `fit` → an experiment on a small training set,
// with and without augmentation → why `horizontal_flip=True` is a bad idea **for digits**.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, loadMnist, takeSubset, toTensors, digitRows, imageGrid, linePlot,
  createCourseCnn, trainModel, evaluateModel, barChart,
  ImageDataGenerator, augmentationGrid,
} from "tsdl";
import type { ImageDataGeneratorOptions, TransformParameters } from "tsdl";

/** Quick mode (CI): fewer digits and epochs; every cell still runs. */
const QUICK = process.env.TSDL_QUICK === "1";
const backend = await ensureBackend();   // "tensorflow", "wasm" or "cpu", chosen once

// %% [markdown]
// ## 1 · The notes' generator
//
// In Keras the notes write:
//
// ```python
// datagen = ImageDataGenerator(  
//     featurewise_center=True,  
//     featurewise_std_normalization=True,  
//     rotation_range=20,  
//     width_shift_range=0.2,  
//     height_shift_range=0.2,  
//     horizontal_flip=True,  
//     shear_range=60,  
//     validation_split=0.2)
// ```
//
// [`ImageDataGenerator`](../lib/augmentation/augmentation.ts) is its TypeScript counterpart: the same
// settings with the same values, in an options object whose names are the camelCase spelling
// of the Python ones (`rotation_range` → `rotationRange`), as TypeScript code writes names:

// %%
const notesSettings: ImageDataGeneratorOptions = {
  featurewiseCenter: true,              // featurewise_center=True
  featurewiseStdNormalization: true,    // featurewise_std_normalization=True
  rotationRange: 20,                    // rotation_range=20
  widthShiftRange: 0.2,                 // width_shift_range=0.2
  heightShiftRange: 0.2,                // height_shift_range=0.2
  horizontalFlip: true,                 // horizontal_flip=True
  shearRange: 60,                       // shear_range=60
  validationSplit: 0.2,                 // validation_split=0.2
};
const datagen = new ImageDataGenerator({ ...notesSettings, seed: 1 });

// %% [markdown]
// What each setting does to a 28×28 digit:
//
// | setting | meaning | for MNIST |
// |---|---|---|
// | `featurewise_center=True` | subtract the data set's mean pixel $\mu$ | $\mu \approx 0.13$ |
// | `featurewise_std_normalization=True` | divide by the data set's standard deviation $\sigma$ | $\sigma \approx 0.31$ |
// | `rotation_range=20` | rotate by a random angle $\theta \in [-20°, 20°]$ | |
// | `width_shift_range=0.2` | shift sideways by $t_x \in [-0.2 \cdot 28, 0.2 \cdot 28]$ | up to 5.6 pixels |
// | `height_shift_range=0.2` | shift up or down by $t_y$, likewise | up to 5.6 pixels |
// | `horizontal_flip=True` | mirror left–right, with probability ½ | (see section 5!) |
// | `shear_range=60` | shear by a random angle $\varphi \in [-60°, 60°]$ (degrees) | |
// | `validation_split=0.2` | keep 20% of the data aside for validation | 60,000 → 48,000 + 12,000 |
//
// The featurewise settings standardise every pixel with statistics of the whole data set:
//
// $$\tilde x = \frac{x - \mu}{\sigma}, \qquad \mu = \frac{1}{N}\sum_{n,i,j} x_{nij}, \qquad \sigma = \sqrt{\frac{1}{N}\sum_{n,i,j} (x_{nij} - \mu)^2}$$
//
// The geometric settings move pixels. Each output pixel at $\mathbf{x}' = (x', y')$ (column,
// row) takes its value from the input at
//
// $$\mathbf{x} = S_\varphi\, R_\theta \left(\mathbf{x}' - \mathbf{t} - \mathbf{c}\right) + \mathbf{c}, \qquad R_\theta = \begin{pmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{pmatrix}, \qquad S_\varphi = \begin{pmatrix} \cos\varphi & 0 \\ -\sin\varphi & 1 \end{pmatrix},$$
//
// where $\mathbf{t} = (t_x, t_y)$ is the shift and $\mathbf{c} = (13.5, 13.5)$ the centre of the
// 28×28 image. $S_\varphi$ is Keras's shear matrix $\begin{pmatrix} 1 & -\sin\varphi \\ 0 & \cos\varphi \end{pmatrix}$
// written for (column, row) instead of (row, column) coordinates. A horizontal flip maps column
// $x$ to $27 - x$. Points between pixels are interpolated (bilinear), and points outside the
// image take the nearest edge pixel (Keras's default `fill_mode="nearest"`), which for MNIST
// is background. All of it is one call of `tf.image.transform` per batch.
//
// ## 2 · The featurewise statistics need a `fit`
//
// $\mu$ and $\sigma$ belong to the data set, not to one image, so the generator must see the data
// first (Keras: `datagen.fit(x_train)`). The digits come from [`loadMnist`](../lib/data/mnist.ts),
// [`takeSubset`](../lib/data/mnist.ts) and [`toTensors`](../lib/data/mnist.ts), as in lesson 06.
// **Predict:** what happens if we augment before fitting?
// (`datagen.augment(X)` does what each batch of Keras's `datagen.flow` does: a random
// transformation per image, then the featurewise standardisation.)

// %%
const trainSet = await loadMnist("train");
const testSet = await loadMnist("test");
const sample = takeSubset(trainSet, { size: 16, seed: 7 });
const { X: XSample } = toTensors(sample);   // [16, 28, 28, 1]
let refusal = "(no error)";
try {
  datagen.augment(XSample);
} catch (error) {
  refusal = `${(error as Error).name}: ${(error as Error).message}`;
}
console.log(refusal);
assert.match(refusal, /fit/);

// %% [markdown]
// A clear error rather than silently wrong numbers. Fit on a random 5,000 training digits
// (3.9 million pixels are plenty to estimate two numbers), then look at $\mu$ and $\sigma$, and
// check them against the same sums done by hand in 64-bit floats. **Predict:** is the mean pixel
// closer to 0 or to 1?

// %%
const fitSet = takeSubset(trainSet, { size: 5_000, seed: 3 });
const { X: XFit } = toTensors(fitSet);              // [5000, 28, 28, 1]
datagen.fit(XFit);
console.log(`fit:     μ = ${datagen.mean!.toFixed(4)}, σ = ${datagen.std!.toFixed(4)}`);
// the same statistics by hand: sums over every pixel of every digit, in 64-bit floats
const pixels = XFit.dataSync();
let sum = 0;
let sumOfSquares = 0;
for (const x of pixels) { sum += x; sumOfSquares += x * x; }
const mu = sum / pixels.length;
const sigma = Math.sqrt(sumOfSquares / pixels.length - mu * mu);
console.log(`by hand: μ = ${mu.toFixed(4)}, σ = ${sigma.toFixed(4)} (${pixels.length.toLocaleString("en-US")} pixels)`);
assert.ok(Math.abs(datagen.mean! - mu) < 0.01 && Math.abs(datagen.std! - sigma) < 0.01);
XFit.dispose();

// %% [markdown]
// The two agree to within about 1%: `fit` adds up millions of 32-bit floats, whose rounding
// errors accumulate (the 64-bit sums by hand are the exact values). The mean is close to 0:
// most of a digit is black background. After standardising, the background is
// $(0 - 0.13)/0.31 \approx -0.42$ and full ink $(1 - 0.13)/0.31 \approx 2.8$; the whole set has
// mean 0 and standard deviation 1.
//
// ## 3 · One setting at a time
//
// Each row below applies a single setting to the same digit eight times, each with a fresh
// random draw from the setting's range (`randomParameters`), written above the image.
// **Predict** before running: which row makes the digit hardest to read?

// %%
// Each row: one setting alone, and how to caption what it drew for an image.
const singleSettings: [ImageDataGeneratorOptions, (p: TransformParameters) => string][] = [
  [{ rotationRange: 20 }, (p) => `θ = ${p.theta!.toFixed(0)}°`],                      // rotation_range=20
  [{ widthShiftRange: 0.2 }, (p) => `tx = ${p.tx!.toFixed(1)} px`],                   // width_shift_range=0.2
  [{ heightShiftRange: 0.2 }, (p) => `ty = ${p.ty!.toFixed(1)} px`],                  // height_shift_range=0.2
  [{ shearRange: 60 }, (p) => `shear ${p.shear!.toFixed(0)}°`],                       // shear_range=60
  [{ horizontalFlip: true }, (p) => (p.flipHorizontal ? "flipped" : "not flipped")],  // horizontal_flip=True
];
const oneDigit = XSample.slice([0, 0, 0, 0], [1, 28, 28, 1]).tile([8, 1, 1, 1]) as tf.Tensor4D;   // [8, 28, 28, 1], the same digit 8 times
const rows: number[][][] = [];
const captions: string[] = [];
for (const [settings, caption] of singleSettings) {
  const generator = new ImageDataGenerator({ ...settings, seed: 12 });
  const drawn = Array.from({ length: 8 }, () => generator.randomParameters(28, 28));   // 8 random draws
  const augmented = generator.applyTransform(oneDigit, drawn);                          // [8, 28, 28, 1]
  rows.push(...(augmented.squeeze([3]).arraySync() as number[][][]));
  captions.push(...drawn.map(caption));
  augmented.dispose();
}
imageGrid(rows, {
  title: `One digit (a ${sample.labels[0]}); rows: rotation, width shift, height shift, shear, horizontal flip`,
  columns: 8, zmin: 0, zmax: 1, tileSize: 80, titles: captions,
});

// %% [markdown]
// Rotation by up to 20° and shifts of up to 5.6 pixels leave a perfectly readable digit. A shear
// of up to 60° is brutal: the digit leans until it is nearly flat. And the flip turns it into a
// mirror image, which for most digits is no digit at all (section 5).
//
// Now all the notes' settings together, on sixteen different digits (top: the originals). The
// featurewise standardisation changes the pixel range, so the colour scale is each image's own.

// %%
const augmentedSample = datagen.augment(XSample);   // [16, 28, 28, 1]
console.log("augmented batch:", augmentedSample.shape, `pixels from ${augmentedSample.min().dataSync()[0]!.toFixed(2)} to ${augmentedSample.max().dataSync()[0]!.toFixed(2)}`);
imageGrid([
  ...(XSample.squeeze([3]).arraySync() as number[][][]),
  ...(augmentedSample.squeeze([3]).arraySync() as number[][][]),
], {
  title: "16 training digits (top two rows) and the notes' augmentation of each (bottom two rows)",
  columns: 8, tileSize: 80,
  titles: [...Array.from(sample.labels, (l) => `label ${l}`), ...Array.from(sample.labels, (l) => `${l}, augmented`)],
});

// %% [markdown]
// Exercises: each is a function to complete (in the student version its body is
// `throw new Error("not implemented");`), followed by a locked cell of tests worth the points
// shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (2 points) · how far can a shift go?
//
// Keras reads a shift range $r < 1$ as a fraction of the image side and $r \ge 1$ as a number of
// pixels. Write `maxShiftPixels(range, size)`: the largest shift, in pixels, that
// `width_shift_range=range` allows on an image `size` pixels wide.

// %% {"nbgrader": {"grade_id": "aug_shift", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function maxShiftPixels(range: number, size: number): number {
  // BEGIN SOLUTION
  return range < 1 ? range * size : range;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "aug_shift_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.ok(Math.abs(maxShiftPixels(0.2, 28) - 5.6) < 1e-9);   // the notes' setting on MNIST
// BEGIN HIDDEN TESTS
assert.ok(Math.abs(maxShiftPixels(0.1, 28) - 2.8) < 1e-9);
assert.ok(Math.abs(maxShiftPixels(0.25, 64) - 16) < 1e-9);
assert.equal(maxShiftPixels(3, 28), 3);
assert.equal(maxShiftPixels(1, 28), 1);
assert.equal(maxShiftPixels(0, 28), 0);
// END HIDDEN TESTS

// %% [markdown]
// ## 4 · `validation_split=0.2`
//
// The last setting moves no pixel: it sets aside a fraction of the data to validate on
// (Keras: `datagen.flow(x, y, subset="training")` and `subset="validation"`; here
// `datagen.split(X, y)`: the first $\lfloor 0.2\,n \rfloor$ digits validate, the rest train). **Predict** the
// two sizes for the 60,000 training digits.

// %%
const all = toTensors(trainSet);                 // [60000, 28, 28, 1], [60000, 10]
const { training, validation } = datagen.split(all.X, all.y);
console.log(`training: ${training.X.shape[0].toLocaleString("en-US")}, validation: ${validation.X.shape[0].toLocaleString("en-US")}`);
assert.equal(training.X.shape[0], 48_000);
assert.equal(validation.X.shape[0], 12_000);
tf.dispose([all.X, all.y, training.X, training.y, validation.X, validation.y]);

// %% [markdown]
// ## 5 · A horizontal flip turns digits into other shapes
//
// `horizontal_flip=True` is a standard setting for photos: a cat facing left is still a cat
// facing right. Digits are not like that. Flipping mirrors every row, pixel $(i, j)$ going to
// $(i, 27 - j)$. **Predict:** which digits survive a mirror?

// %%
const firstOfEach = Array.from({ length: 10 }, (_, d) => testSet.labels.indexOf(d));
const originals = firstOfEach.map((i) => digitRows(testSet, i));
const mirrored = originals.map((image) => image.map((row) => [...row].reverse()));
imageGrid([...originals, ...mirrored], {
  title: "Digits 0–9 (top) and their mirror images (bottom)", columns: 10, zmin: 0, zmax: 1, tileSize: 80,
  titles: [...firstOfEach.map((_, d) => `${d}`), ...firstOfEach.map((_, d) => `${d} mirrored`)],
});

// %% [markdown]
// 0, 1 and 8 are (nearly) symmetric and survive. A mirrored 3 is the letter Ɛ, a mirrored 2 looks
// like an S or a 5, a mirrored 7 or 4 or 9 is a shape no one writes. Training on mirrored digits
// asks the network to call those shapes 3, 2, 7, 4, 9 as well, and spends its capacity on
// images that never appear at test time.
//
// ### Exercise 2 (2 points) · flip by hand
//
// Write `flipHorizontal(image)` for an image given as rows of pixels: return a new image whose
// rows are mirrored; do not change the input.

// %% {"nbgrader": {"grade_id": "aug_flip", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function flipHorizontal(image: number[][]): number[][] {
  // BEGIN SOLUTION
  return image.map((row) => [...row].reverse());
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "aug_flip_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.deepEqual(flipHorizontal([[1, 2, 3], [4, 5, 6]]), [[3, 2, 1], [6, 5, 4]]);
// BEGIN HIDDEN TESTS
const input = [[1, 2], [3, 4], [5, 6]];
assert.deepEqual(flipHorizontal(input), [[2, 1], [4, 3], [6, 5]]);   // a mirror, not a transpose or a vertical flip
assert.deepEqual(input, [[1, 2], [3, 4], [5, 6]]);                  // the input is unchanged
assert.deepEqual(flipHorizontal(flipHorizontal(originals[3]!)), originals[3]);   // twice is the identity
const viaTf = tf.tidy(() => tf.image.flipLeftRight(tf.tensor4d(originals[7]!.flat(), [1, 28, 28, 1])).squeeze().arraySync() as number[][]);
assert.deepEqual(flipHorizontal(originals[7]!), viaTf);             // agrees with TensorFlow.js
// END HIDDEN TESTS

// %% [markdown]
// ## 6 · The experiment: augmentation on a small training set
//
// Take only a few training digits (1,000 in a full run: one sixtieth of MNIST's training set,
// about 100 per digit) and train the course CNN three times, from the same initial weights, for
// the same number of epochs ([`trainModel`](../lib/training/training.ts), whose `augment` option gives it
// a freshly augmented copy of the images for every epoch):
//
// 1. **no augmentation**: the same 1,000 images every epoch;
// 2. **the notes' settings**: a freshly augmented copy of the 1,000 images every epoch,
//    standardised with $\mu$ and $\sigma$ (and the test digits standardised the same way,
//    since the network is trained on standardised inputs);
// 3. **digit-safe settings**: small rotations, shifts and shears, no flip.
//
// [`augmentationGrid`](../lib/augmentation/augmentation-figures.ts) shows what the digit-safe settings do to a
// few training digits. **Predict** the order of the three test accuracies.

// %%
const smallSize = QUICK ? 300 : 1_000;
const small = takeSubset(trainSet, { size: smallSize, seed: 21 });
const testSubset = takeSubset(testSet, { size: QUICK ? 500 : 1_000, seed: 22 });   // measured after every epoch
const smallData = toTensors(small);
const testData = toTensors(testSubset);
const fullTest = toTensors(QUICK ? takeSubset(testSet, { size: 2_000, seed: 23 }) : testSet);
const digitSafe: ImageDataGeneratorOptions = { rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, shearRange: 10 };
console.log(`${small.count} training digits; test curves on ${testSubset.count} digits`);
augmentationGrid(new ImageDataGenerator({ ...digitSafe, seed: 3 }), small, {
  numDigits: 4, numVariants: 7, title: "Digit-safe settings: each row a training digit, then 7 augmentations of it",
});

// %% {"tsdl": {"slow": "trains three CNNs for 25 epochs each on 1,000 digits (3 in quick mode)"}}
const numEpochs = QUICK ? 3 : 25;
const notesGen = new ImageDataGenerator({ ...notesSettings, seed: 100 }).fit(smallData.X);
const safeGen = new ImageDataGenerator({ ...digitSafe, seed: 200 });
const runs = [
  { name: "no augmentation", augment: undefined, standardize: (X: tf.Tensor4D) => X },
  { name: "notes' settings", augment: (X: tf.Tensor4D) => notesGen.augment(X), standardize: (X: tf.Tensor4D) => notesGen.standardize(X) },
  { name: "digit-safe settings", augment: (X: tf.Tensor4D) => safeGen.augment(X), standardize: (X: tf.Tensor4D) => X },
];
const results: { name: string; testAcc: number[]; trainAcc: number[]; finalAcc: number; seconds: number; model: tf.LayersModel }[] = [];
for (const run of runs) {
  const model = createCourseCnn({ seed: 7 });
  const history = await trainModel(model, smallData, {
    numEpochs, batchSize: 64, display, title: `Small training set · ${run.name}`,
    validationData: { X: run.standardize(testData.X), y: testData.y },
    ...(run.augment ? { augment: run.augment } : {}),
  });
  const evaluation = await evaluateModel(model, { X: run.standardize(fullTest.X), y: fullTest.y });
  results.push({
    name: run.name, model, seconds: history.seconds, finalAcc: evaluation.accuracy,
    testAcc: history.epochs.map((e) => e.valAcc!), trainAcc: history.epochs.map((e) => e.acc),
  });
}

// %%
console.table(results.map((r) => ({
  run: r.name, "train acc (last epoch)": r.trainAcc.at(-1)!.toFixed(3),
  "test acc": r.finalAcc.toFixed(4), seconds: r.seconds.toFixed(1),
})));
linePlot(results.flatMap((r, i) => [
  { name: `${r.name} · test`, y: r.testAcc, x: r.testAcc.map((_, e) => e + 1), color: ["#1f77b4", "#d62728", "#2ca02c"][i]! },
  { name: `${r.name} · train`, y: r.trainAcc, x: r.trainAcc.map((_, e) => e + 1), color: ["#1f77b4", "#d62728", "#2ca02c"][i]!, dash: "dot" as const },
]), { title: `Accuracy on ${smallSize} training digits: train (dotted) and test (solid)`, xLabel: "epoch", yLabel: "accuracy", height: 420 });

// %% [markdown]
// **Look:**
// - Without augmentation the training accuracy (dotted) races to 100%: the network has memorised
//   its 1,000 images, and the test accuracy stops improving early. That gap is **overfitting**.
// - With digit-safe augmentation the training accuracy stays lower (every epoch brings new
//   images), and the test accuracy ends higher: the network learnt what a digit is rather than
//   which 1,000 images it saw.
// - The notes' settings are too strong for digits: shears of up to 60° and mirror images make
//   many training images unreadable, so the network learns from noise.
//
// (In quick mode the runs are only 3 epochs on 300 digits: too short for augmentation to pay
// off, since each augmented epoch is harder to learn than the last plain one. The full run
// trains for 25 epochs.)

// %%
const [none, notes, safe] = results as [typeof results[0], typeof results[0], typeof results[0]];
console.log(`digit-safe minus none: ${(100 * (safe.finalAcc - none.finalAcc)).toFixed(1)} points; ` +
  `notes' minus none: ${(100 * (notes.finalAcc - none.finalAcc)).toFixed(1)} points`);
if (!QUICK) assert.ok(safe.finalAcc > none.finalAcc, "digit-safe augmentation did not help on the small set");

// %% [markdown]
// ## 7 · What a flip costs, measured
//
// Take the network trained with digit-safe augmentation (it never saw a mirrored digit) and
// show it the mirrored test digits ([`evaluateModel`](../lib/training/evaluation.ts) from lesson 06,
// [`barChart`](../lib/figures/bars.ts)). **Predict** which classes it still gets right.

// %%
const mirroredTest = { X: tf.image.flipLeftRight(fullTest.X) as tf.Tensor4D, y: fullTest.y };
const onOriginals = await evaluateModel(safe.model, fullTest);
const onMirrored = await evaluateModel(safe.model, mirroredTest);
console.log(`accuracy on the test digits: ${(100 * onOriginals.accuracy).toFixed(1)}%, on their mirror images: ${(100 * onMirrored.accuracy).toFixed(1)}%`);
barChart([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [
  { name: "test digits", values: onOriginals.perClassAccuracy },
  { name: "their mirror images", values: onMirrored.perClassAccuracy },
], { title: "Accuracy per digit: as written and mirrored", xLabel: "true digit", yLabel: "accuracy", height: 380 });

// %% [markdown]
// The nearly symmetric digits 0, 1 and 8 keep much of their accuracy (and so does 4, whose
// mirror image many people would still read as a 4); 2, 3, 5, 6, 7 and 9 mostly fail,
// because a mirrored 3 or 7 simply is not a 3 or a 7. So for digits (and letters, and any image whose
// meaning has a handedness) leave `horizontal_flip` off. The other settings of the notes are fine
// in kind but strong in degree: keep them small enough that a person still reads the digit.
//
// ### Exercise 3 (3 points) · settings that keep digits digits
//
// Write `digitSafeSettings()`, returning augmentation settings for MNIST (an
// `ImageDataGeneratorOptions` object, camelCase names): some rotation and some shift (so that they do
// augment), no flip, rotation of at most 15°, shifts of at most 0.15 of the side, a shear of at
// most 20°. The test cell also shows how well the network above, which never saw your
// augmentation, reads your augmented digits.

// %% {"nbgrader": {"grade_id": "aug_digit_safe", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function digitSafeSettings(): ImageDataGeneratorOptions {
  // BEGIN SOLUTION
  return {
    rotationRange: 12,
    widthShiftRange: 0.1,
    heightShiftRange: 0.1,
    shearRange: 10,
    horizontalFlip: false,
  };
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "aug_digit_safe_tests", "solution": false, "grade": true, "locked": true, "points": 3, "schema_version": 3}}
const mySettings = digitSafeSettings();
assert.notEqual(mySettings.horizontalFlip, true, "a mirrored digit is not the same digit");
const myAugmented = new ImageDataGenerator({ ...mySettings, seed: 9 }).randomTransform(fullTest.X);
const myAccuracy = (await evaluateModel(safe.model, { X: myAugmented, y: fullTest.y })).accuracy;
console.log(`accuracy on the originals ${(100 * onOriginals.accuracy).toFixed(1)}%, on your augmented digits ${(100 * myAccuracy).toFixed(1)}%`);
// BEGIN HIDDEN TESTS
const num = (value: number | undefined) => value ?? 0;
assert.ok(num(mySettings.rotationRange) > 0 && num(mySettings.rotationRange) <= 15, "rotationRange must be in (0, 15]");
assert.ok(num(mySettings.widthShiftRange) > 0 && num(mySettings.widthShiftRange) <= 0.15, "widthShiftRange must be in (0, 0.15]");
assert.ok(num(mySettings.heightShiftRange) > 0 && num(mySettings.heightShiftRange) <= 0.15, "heightShiftRange must be in (0, 0.15]");
assert.ok(num(mySettings.shearRange) >= 0 && num(mySettings.shearRange) <= 20, "shearRange must be in [0, 20]");
const change = tf.tidy(() => tf.mean(tf.abs(tf.sub(myAugmented, fullTest.X))).dataSync()[0]!);
assert.ok(change > 0.01, `your settings leave the digits (nearly) unchanged: mean pixel change ${change}`);
// END HIDDEN TESTS
myAugmented.dispose();

// %% [markdown]
// ## Summary
//
// - Augmentation makes new training images from old ones (rotate, shift, shear, flip), fresh
//   each epoch; it matters most when "the dataset images are less in number".
// - The notes' `ImageDataGenerator`: featurewise centring and normalisation
//   $\tilde x = (x - \mu)/\sigma$ need a `fit` on the data first (and the test data must be
//   standardised the same way); rotation ±20°, shifts ±20% (5.6 pixels), shear ±60°,
//   horizontal flips, and a 20% validation split (48,000 + 12,000).
// - On 1,000 training digits, gentle augmentation reduces overfitting and raises the test
//   accuracy; the notes' strong settings do not.
// - A horizontal flip turns most digits into other shapes: right for photos of cats, wrong for
//   digits.
//
// Next, lesson 08: another way to learn from few examples, by starting from a network trained
// on something else.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`augmentation.ts`](../lib/augmentation/augmentation.ts): `ImageDataGenerator` (`fit`, `randomParameters`, `applyTransform`, `randomTransform`, `standardize`, `augment`, `split`), `ImageDataGeneratorOptions`, `TransformParameters`, `NotFittedError`
// - [`augmentation-figures.ts`](../lib/augmentation/augmentation-figures.ts): `augmentationGrid`
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`
// - [`mnist.ts`](../lib/data/mnist.ts): `loadMnist`, `takeSubset`, `toTensors`, `digitRows`
// - [`model.ts`](../lib/training/model.ts): `createCourseCnn`
// - [`training.ts`](../lib/training/training.ts): `trainModel` (its `augment` option)
// - [`evaluation.ts`](../lib/training/evaluation.ts): `evaluateModel`
// - [`figures/image-grid.ts`](../lib/figures/image-grid.ts): `imageGrid`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`
// - [`figures/bars.ts`](../lib/figures/bars.ts): `barChart`
