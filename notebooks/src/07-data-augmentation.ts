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
// featurewise statistics and why they need a `fit` → the validation split → why
// `horizontal_flip=True` is a bad idea **for digits** → augmentation as layers inside the model →
// an experiment on a small training set, over several seeds: no augmentation, the notes' settings,
// each of three of them alone, and digit-safe settings → what a flip costs, measured.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, loadMnist, takeSubset, toTensors, digitRows, imageGrid, linePlot,
  createCourseCnn, trainModel, disposeModel, evaluateModel, barChart, meanSE, formatMeanSE, compareSeeds,
  ImageDataGenerator, augmentationGrid, randomAugmentation,
} from "tsdl";
import type { ImageDataGeneratorOptions, TransformParameters, AugmentationLayerSettings } from "tsdl";

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
// | `featurewise_center=True` | subtract the data set's mean pixel $\mu$ | (section 2) |
// | `featurewise_std_normalization=True` | divide by the data set's standard deviation $\sigma$ | (section 2) |
// | `rotation_range=20` | rotate by a random angle $\theta \in [-20°, 20°]$ | |
// | `width_shift_range=0.2` | shift sideways by $t_x \in [-0.2 \cdot 28, 0.2 \cdot 28]$ | up to 5.6 pixels |
// | `height_shift_range=0.2` | shift up or down by $t_y$, likewise | up to 5.6 pixels |
// | `horizontal_flip=True` | mirror left–right, with probability ½ | (see section 5!) |
// | `shear_range=60` | shear by a random angle $\varphi \in [-60°, 60°]$ (degrees) | |
// | `validation_split=0.2` | keep 20% of the data aside for validation | (section 4) |
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
// check them against the same sums done by hand in 64-bit floats. (Adding up millions of 32-bit
// floats, as `tf.moments` does, drifts: on these digits its $\sigma$ is printed too. So `fit` adds up
// in 64-bit floats.) **Predict:** is the mean pixel closer to 0 or to 1?

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
const moments = tf.moments(XFit);
const float32Std = Math.sqrt(moments.variance.dataSync()[0]!);
console.log(`tf.moments in float32: σ = ${float32Std.toFixed(4)}, off by ${(100 * Math.abs(float32Std - sigma) / sigma).toFixed(2)}%`);
console.log(`fit and by hand differ by ${Math.abs(datagen.mean! - mu).toExponential(1)} in μ and ${Math.abs(datagen.std! - sigma).toExponential(1)} in σ`);
console.log(`standardised: background (0 − μ)/σ = ${((0 - mu) / sigma).toFixed(2)}, full ink (1 − μ)/σ = ${((1 - mu) / sigma).toFixed(2)}`);
assert.ok(Math.abs(datagen.mean! - mu) < 1e-6 && Math.abs(datagen.std! - sigma) < 1e-6);
tf.dispose([moments.mean, moments.variance]);
XFit.dispose();

// %% [markdown]
// `fit` and the sums by hand agree to the printed difference (asserted below $10^{-6}$); the
// float32 line shows how far a 32-bit sum drifts on the same pixels. The mean is close to 0: most
// of a digit is black background. After standardising, background and full ink take the two values
// printed last, and the whole set has mean 0 and standard deviation 1.
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
// `datagen.split(X, y)`: the first $\lfloor 0.2\,n \rfloor$ digits validate, the rest train). The
// network never trains on the validation digits; we watch them during training and choose with
// them, and keep the test set for the end (lesson 06, section 3). Section 7 uses this split.
// **Predict** the two sizes for the 60,000 training digits.

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
// ## 6 · Augmentation as layers inside the model
//
// `ImageDataGenerator` augments the data before it reaches the model. Keras now teaches another
// way: augmentation layers (`RandomRotation`, `RandomTranslation`, ...) as the first layers of the
// model. [`randomAugmentation`](../lib/augmentation/augmentation-layer.ts) is such a layer, with the
// generator's geometric settings. Like dropout (lesson 06), it looks at the `training` flag: while
// the model trains (`fit` calls its layers with `training: true`), each image of each batch gets a
// fresh random transformation; at inference (`predict`, `evaluate`, validation) the layer passes its
// input through unchanged, so the deployed model needs no separate preprocessing code. The
// **digit-safe** settings: small rotations, shifts and shears, no flip. **Predict:** what does the layer
// do to the digit with `training: false`?

// %%
const digitSafe: AugmentationLayerSettings = { rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, shearRange: 10 };
const augmentLayer = randomAugmentation({ settings: { ...digitSafe, seed: 4 }, inputShape: [28, 28, 1] });
const layered = createCourseCnn({ seed: 7, augmentation: augmentLayer });
console.log(layered.layers.map((l) => l.name).join(" → "), `· ${layered.countParams().toLocaleString("en-US")} parameters (the layer has none)`);
const asTraining = augmentLayer.apply(oneDigit, { training: true }) as tf.Tensor4D;
const asInference = augmentLayer.apply(oneDigit, { training: false }) as tf.Tensor4D;
const maxChange = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
console.log(`training: true changes pixels by up to ${maxChange(asTraining, oneDigit).toFixed(2)}; training: false by ${maxChange(asInference, oneDigit)}`);
const once = layered.predict(oneDigit) as tf.Tensor;
const twice = layered.predict(oneDigit) as tf.Tensor;
console.log(`two calls of predict differ by ${maxChange(once, twice)}`);
assert.equal(maxChange(asInference, oneDigit), 0);
assert.ok(maxChange(asTraining, oneDigit) > 0.1);
assert.equal(maxChange(once, twice), 0);
imageGrid([
  ...(asTraining.squeeze([3]).arraySync() as number[][][]),
  ...(asInference.squeeze([3]).arraySync() as number[][][]),
], { title: "The augmentation layer on 8 copies of one digit: training: true (top), training: false (bottom)", columns: 8, zmin: 0, zmax: 1, tileSize: 70 });
tf.dispose([asTraining, asInference, once, twice]);
disposeModel(layered);

// %% [markdown]
// ## 7 · The experiment: which settings help on a small training set?
//
// Take only a few training digits and train the course CNN on them with and without
// augmentation, each arm from the same initial weights and for the same number of epochs. The
// digits are split with the notes' `validation_split=0.2` (section 4): 1,250 random training digits
// become 1,000 to train on and 250 to validate on after every epoch. The arms:
//
// 1. **no augmentation**: the same 1,000 images every epoch;
// 2. **the notes' settings**: all six at once (rotation, shifts, flip, shear, standardisation);
// 3. **flip alone**, 4. **shear alone** (60°), 5. **standardisation alone** (featurewise centre and
//    normalisation, and the validation and test digits standardised the same way): the
//    **ablation**, which separates what the notes' arm changes all at once;
// 6. **digit-safe, as layers**: section 6's layer in front of the course CNN.
//
// The generator arms get a freshly augmented copy of the images every epoch
// ([`trainModel`](../lib/training/training.ts)'s `augment` option). One run is one draw: the initial weights, the
// shuffle and the augmentation all depend on the seed. So every arm is trained with several
// seeds, and the table reports the mean test accuracy ± its standard error (SE = s/√n,
// [`meanSE`](../lib/training/seeds.ts)). The full run can afford only **two seeds** per arm in the course's
// time budget (12 trainings of 15 epochs): two seeds give a rough SE, so read differences smaller
// than about twice the SE as no difference. Test accuracy is measured once per model, at the end.
//
// [`augmentationGrid`](../lib/augmentation/augmentation-figures.ts) shows what the digit-safe settings do to a
// few training digits. **Predict** the order of the arms.

// %%
const smallSize = QUICK ? 200 : 1_000;
const numSeeds = 2;
const pool = toTensors(takeSubset(trainSet, { size: smallSize / 0.8, seed: 21 }));   // 1,250 digits
const { training: smallData, validation: valData } = datagen.split(pool.X, pool.y);   // validation_split=0.2
tf.dispose([pool.X, pool.y]);
const fullTest = toTensors(takeSubset(testSet, { size: QUICK ? 500 : 5_000, seed: 23 }));
console.log(`${smallData.X.shape[0]} training digits, ${valData.X.shape[0]} validation digits, ${fullTest.X.shape[0].toLocaleString("en-US")} test digits; ${numSeeds} seeds`);
augmentationGrid(new ImageDataGenerator({ ...digitSafe, seed: 3 }), takeSubset(trainSet, { size: 4, seed: 21 }), {
  numDigits: 4, numVariants: 7, title: "Digit-safe settings: each row a training digit, then 7 augmentations of it",
});

// %% {"tsdl": {"slow": "trains six CNNs with two seeds each, 15 epochs on 1,000 digits (2 epochs on 200 in quick mode)"}}
const numEpochs = QUICK ? 2 : 15;
const notesAugmentation: ImageDataGeneratorOptions = { ...notesSettings, validationSplit: 0 };   // the split is done above
const arms: { name: string; generator?: ImageDataGeneratorOptions; layer?: AugmentationLayerSettings }[] = [
  { name: "no augmentation" },
  { name: "notes' settings", generator: notesAugmentation },
  { name: "flip alone", generator: { horizontalFlip: true } },
  { name: "shear alone (60°)", generator: { shearRange: 60 } },
  { name: "standardisation alone", generator: { featurewiseCenter: true, featurewiseStdNormalization: true } },
  { name: "digit-safe, as layers", layer: digitSafe },
];
type Run = { arm: string; seed: number; testAcc: number; valAcc: number[]; trainAcc: number[]; seconds: number };
const runs: Run[] = [];
let safe: { model: tf.LayersModel } | undefined;   // the digit-safe network of seed 0, kept for section 8
for (let seed = 0; seed < numSeeds; seed++) {
  for (const arm of arms) {
    const generator = arm.generator && new ImageDataGenerator({ ...arm.generator, seed: 100 + seed }).fit(smallData.X);
    const standardize = (X: tf.Tensor4D) => (generator ? generator.standardize(X) : X.clone());
    const model = createCourseCnn({
      seed: 7 + seed,
      ...(arm.layer ? { augmentation: randomAugmentation({ settings: { ...arm.layer, seed: 200 + seed }, inputShape: [28, 28, 1] }) } : {}),
    });
    const [valX, testX] = [standardize(valData.X), standardize(fullTest.X)];
    const history = await trainModel(model, smallData, {
      numEpochs, batchSize: 64, validationData: { X: valX, y: valData.y },
      ...(generator ? { augment: (X: tf.Tensor4D) => generator.augment(X) } : {}),
    });
    const testAcc = (await evaluateModel(model, { X: testX, y: fullTest.y })).accuracy;
    runs.push({ arm: arm.name, seed, testAcc, valAcc: history.epochs.map((e) => e.valAcc!), trainAcc: history.epochs.map((e) => e.acc), seconds: history.seconds });
    console.log(`seed ${seed} · ${arm.name.padEnd(22)} test ${(100 * testAcc).toFixed(1)}%  (${history.seconds.toFixed(0)} s)`);
    tf.dispose([valX, testX]);
    if (arm.layer && seed === 0) safe = { model };
    else disposeModel(model);
  }
}

// %%
const runsOf = (arm: string) => runs.filter((r) => r.arm === arm);
const meanOf = (rows: number[][]) => rows[0]!.map((_, e) => rows.reduce((a, r) => a + r[e]!, 0) / rows.length);
const summary = arms.map(({ name }) => ({
  name, test: meanSE(runsOf(name).map((r) => r.testAcc)),
  train: meanOf(runsOf(name).map((r) => r.trainAcc)), val: meanOf(runsOf(name).map((r) => r.valAcc)),
}));
console.table(summary.map((a) => ({
  arm: a.name, "test acc (mean ± SE, %)": formatMeanSE(a.test), "train acc, last epoch": a.train.at(-1)!.toFixed(3),
  "val acc, last epoch": a.val.at(-1)!.toFixed(3),
})));
const colors = ["#1f77b4", "#d62728", "#9467bd", "#8c564b", "#7f7f7f", "#2ca02c"];
barChart(summary.map((a) => a.name), [{ name: `test accuracy, mean ± SE over ${numSeeds} seeds`, values: summary.map((a) => a.test.mean), errors: summary.map((a) => a.test.se) }],
  { title: `Test accuracy after ${numEpochs} epochs on ${smallData.X.shape[0]} training digits`, yLabel: "test accuracy", height: 380 });

// %%
linePlot(summary.flatMap((a, i) => [
  { name: `${a.name} · validation`, y: a.val, x: a.val.map((_, e) => e + 1), color: colors[i]! },
  { name: `${a.name} · train`, y: a.train, x: a.train.map((_, e) => e + 1), color: colors[i]!, dash: "dot" as const },
]), { title: `Accuracy on ${smallData.X.shape[0]} training digits, mean of ${numSeeds} seeds: train (dotted) and validation (solid)`, xLabel: "epoch", yLabel: "accuracy", height: 460 });

// %% [markdown]
// **Look** at the table, the bars and the curves, then at what the run says, computed from it.
// Each arm is compared with no augmentation seed by seed (the same seed gives the same initial
// weights), and a difference counts only when it is more than twice its standard error:

// %%
const none = summary[0]!;
const testAccs = (arm: string) => runsOf(arm).map((r) => r.testAcc);
for (const a of summary.slice(1)) {
  const { verdict, difference } = compareSeeds(testAccs(a.name), testAccs(none.name));
  console.log(`${a.name}: ${verdict} no augmentation (${formatMeanSE(difference)} points)`);
}
const lastThird = Math.max(1, Math.floor(numEpochs / 3));
const rise = (a: typeof summary[0]) => a.val.at(-1)! - a.val.at(-1 - lastThird)!;
console.log(`no augmentation: train accuracy ${none.train.at(-1)!.toFixed(3)} at the last epoch against ${none.test.mean.toFixed(3)} on the test digits (a gap of ${(100 * (none.train.at(-1)! - none.test.mean)).toFixed(1)} points)`);
for (const a of summary) console.log(`${a.name}: validation accuracy ${rise(a) >= 0 ? "+" : ""}${(100 * rise(a)).toFixed(1)} points over the last ${lastThird} epoch${lastThird > 1 ? "s" : ""}${rise(a) > 0.02 ? " (still rising)" : ""}`);

// %% [markdown]
// How to read it:
//
// - When the training accuracy of "no augmentation" is well above its test accuracy (the printed
//   gap), that gap is **overfitting**: the network has learnt its 1,000 images better than digits
//   in general.
// - An arm "lower than" no augmentation **after this many epochs** is not thereby shown harmful:
//   an arm whose validation curve is "still rising" is under-trained, and a harder training set
//   needs more epochs. The notes' arm changes six things at once; the ablation arms say which of
//   them costs most at this budget. More epochs, or more seeds, would be needed to say more.
// - Augmentation that keeps digits readable is the kind that can pay off on a small set: compare
//   the digit-safe arm's line with the others.
//
// (In quick mode the runs are only 2 epochs on 200 digits, too short for any of this to show.)
//
// ## 8 · What a flip costs, measured
//
// Take the network trained with digit-safe augmentation (the first seed's; it never saw a mirrored
// digit) and show it the mirrored test digits ([`evaluateModel`](../lib/training/evaluation.ts) from lesson 06,
// [`barChart`](../lib/figures/bars.ts)). **Predict** which classes it still gets right.

// %%
const mirroredTest = { X: tf.image.flipLeftRight(fullTest.X) as tf.Tensor4D, y: fullTest.y };
const onOriginals = await evaluateModel(safe!.model, fullTest);
const onMirrored = await evaluateModel(safe!.model, mirroredTest);
console.log(`accuracy on the test digits: ${(100 * onOriginals.accuracy).toFixed(1)}%, on their mirror images: ${(100 * onMirrored.accuracy).toFixed(1)}%`);
const survivors = onMirrored.perClassAccuracy.flatMap((a, d) => (a >= 0.5 ? [d] : []));
const failures = onMirrored.perClassAccuracy.flatMap((a, d) => (a < 0.5 ? [d] : []));
console.log(`mirrored digits still read right at least half the time: ${survivors.join(", ") || "none"}; below half: ${failures.join(", ") || "none"}`);
barChart([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [
  { name: "test digits", values: onOriginals.perClassAccuracy },
  { name: "their mirror images", values: onMirrored.perClassAccuracy },
], { title: "Accuracy per digit: as written and mirrored", xLabel: "true digit", yLabel: "accuracy", height: 380 });

// %% [markdown]
// The printed lists split the classes: compare them with section 5's pictures, where 0, 1 and 8
// looked nearly symmetric and a mirrored 3 or 7 looked like no digit at all. So for digits (and letters, and any image whose
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
const myAccuracy = (await evaluateModel(safe!.model, { X: myAugmented, y: fullTest.y })).accuracy;
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
// - Augmentation can also be layers inside the model (`randomAugmentation`), active while
//   training and the identity at inference, as Keras teaches now.
// - On 1,000 training digits, section 7 compares no augmentation, the notes' settings, three of
//   them alone and digit-safe settings over several seeds; which differ from no augmentation by
//   more than twice their SE is printed there. One run is one draw: compare means over seeds.
// - The featurewise statistics are sums over millions of pixels: add them up in 64-bit floats.
// - A horizontal flip turns most digits into other shapes: right for photos of cats, wrong for
//   digits.
//
// Next, lesson 08: another way to learn from few examples, by starting from a network trained
// on something else.
//
// ## Further reading
//
// - d2l.ai, [Image Augmentation](https://d2l.ai/chapter_computer-vision/image-augmentation.html):
//   flips, crops and colour changes, and a training run with and without them.
// - TensorFlow, [Data augmentation](https://www.tensorflow.org/tutorials/images/data_augmentation):
//   Keras preprocessing layers inside the model, and the same as a `tf.data` map.
// - Keras, [Working with preprocessing layers](https://keras.io/guides/preprocessing_layers/).

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`augmentation.ts`](../lib/augmentation/augmentation.ts): `ImageDataGenerator` (`fit`, `randomParameters`, `applyTransform`, `randomTransform`, `standardize`, `augment`, `split`), `ImageDataGeneratorOptions`, `TransformParameters`, `NotFittedError`
// - [`augmentation-figures.ts`](../lib/augmentation/augmentation-figures.ts): `augmentationGrid`
// - [`augmentation-layer.ts`](../lib/augmentation/augmentation-layer.ts): `randomAugmentation`, `AugmentationLayerSettings`
// - [`seeds.ts`](../lib/training/seeds.ts): `meanSE`, `formatMeanSE`, `compareSeeds`
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`
// - [`mnist.ts`](../lib/data/mnist.ts): `loadMnist`, `takeSubset`, `toTensors`, `digitRows`
// - [`model.ts`](../lib/training/model.ts): `createCourseCnn` (its `augmentation` option)
// - [`training.ts`](../lib/training/training.ts): `trainModel` (its `augment` option), `disposeModel`
// - [`evaluation.ts`](../lib/training/evaluation.ts): `evaluateModel`
// - [`figures/image-grid.ts`](../lib/figures/image-grid.ts): `imageGrid`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`
// - [`figures/bars.ts`](../lib/figures/bars.ts): `barChart`
