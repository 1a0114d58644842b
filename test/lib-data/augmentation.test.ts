// ImageDataGenerator: invariants of the geometric transformations, seeds, featurewise statistics.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ImageDataGenerator, NotFittedError, loadMnist, takeSubset, toTensors, type MnistTensors } from "../../lib/index.js";
import { useLibraryBackend } from "./backend-hooks.js";

useLibraryBackend();

/** Mean absolute difference over the central `size`×`size` pixels. */
function centreError(a: tf.Tensor4D, b: tf.Tensor4D, size = 14): number {
  const start = (28 - size) / 2;
  return tf.tidy(() => a.slice([0, start, start, 0], [-1, size, size, -1]).sub(b.slice([0, start, start, 0], [-1, size, size, -1])).abs().mean().dataSync()[0]!);
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

describe("ImageDataGenerator", () => {
  let data: MnistTensors;
  before(async () => {
    data = toTensors(takeSubset(await loadMnist("test"), { size: 64, seed: 5 }));
  });
  after(() => tf.dispose([data.X, data.y]));

  it("with no setting on, gives the input back; the identity transformation does too", () => {
    const datagen = new ImageDataGenerator({ seed: 1 });
    const out = datagen.augment(data.X);
    assert.equal(maxDiff(out, data.X), 0);
    const identity = datagen.applyTransform(data.X, { theta: 0, tx: 0, ty: 0, shear: 0 });
    assert.ok(maxDiff(identity, data.X) < 1e-5, `identity changed pixels by ${maxDiff(identity, data.X)}`);
    tf.dispose([out, identity]);
  });

  it("rotating by θ then by −θ nearly restores the centre (smooth blobs and real digits)", () => {
    const datagen = new ImageDataGenerator({ fillMode: "constant" });
    // Smooth images: a Gaussian blob off the centre; resampling barely blurs it.
    const blobs = tf.tidy(() => {
      const r = tf.range(0, 28).sub(13.5);
      const [cy, cx] = [3, -4];
      const g = (c: number) => r.sub(c).square().div(-2 * 3 * 3).exp() as tf.Tensor1D;
      return tf.outerProduct(g(cy), g(cx)).reshape([1, 28, 28, 1]) as tf.Tensor4D;
    });
    const correlation = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => {
      const [x, y] = [a.flatten(), b.flatten()].map((t) => t.sub(t.mean()));
      return x!.mul(y!).sum().div(x!.norm().mul(y!.norm())).dataSync()[0]!;
    });
    for (const theta of [15, 30]) {
      const rotated = datagen.applyTransform(blobs, { theta });
      const back = datagen.applyTransform(rotated, { theta: -theta });
      const [restoredBlob, movedBlob] = [centreError(back, blobs, 20), centreError(rotated, blobs, 20)];
      assert.ok(restoredBlob < 0.01 && movedBlob > 5 * restoredBlob, `θ=${theta}: the blob differs by ${restoredBlob} after undoing, by ${movedBlob} rotated`);
      // Digits have sharp strokes, which two bilinear resamplings blur: compare by correlation.
      const digitsRotated = datagen.applyTransform(data.X, { theta });
      const digitsBack = datagen.applyTransform(digitsRotated, { theta: -theta });
      const restored = correlation(digitsBack.slice([0, 7, 7, 0], [-1, 14, 14, -1]), data.X.slice([0, 7, 7, 0], [-1, 14, 14, -1]));
      const moved = correlation(digitsRotated.slice([0, 7, 7, 0], [-1, 14, 14, -1]), data.X.slice([0, 7, 7, 0], [-1, 14, 14, -1]));
      assert.ok(restored > 0.95, `θ=${theta}: restored centre correlates ${restored} with the original`);
      assert.ok(moved < restored - 0.1, `θ=${theta}: rotated centre correlates ${moved}, restored ${restored}`);
      tf.dispose([rotated, back, digitsRotated, digitsBack]);
    }
    blobs.dispose();
  });

  it("a flip mirrors the width axis, and flipping twice restores the digit exactly", () => {
    const datagen = new ImageDataGenerator();
    const once = datagen.applyTransform(data.X, { flipHorizontal: true });
    const reference = tf.reverse(data.X, 2);
    assert.ok(maxDiff(once, reference) < 1e-6);
    const twice = datagen.applyTransform(once, { flipHorizontal: true });
    assert.ok(maxDiff(twice, data.X) < 1e-6);
    tf.dispose([once, reference, twice]);
  });

  it("a shift of whole pixels moves the digit by that many pixels (checked against tf.pad/slice)", () => {
    const datagen = new ImageDataGenerator({ fillMode: "constant" });
    const shifted = datagen.applyTransform(data.X, { tx: 3, ty: -2 }); // right by 3, up by 2
    const reference = tf.tidy(() => tf.pad(data.X, [[0, 0], [0, 2], [3, 0], [0, 0]]).slice([0, 2, 0, 0], [-1, 28, 28, -1]));
    assert.ok(maxDiff(shifted, reference) < 1e-5);
    tf.dispose([shifted, reference]);
  });

  it("transforms a batch exactly as it transforms each image alone", () => {
    const datagen = new ImageDataGenerator({ fillMode: "constant" });
    const params = [{ theta: 10 }, { tx: 2 }, { shear: 20 }, { flipHorizontal: true }];
    const X = data.X.slice(0, 4);
    const batch = datagen.applyTransform(X, params);
    params.forEach((p, i) => {
      const alone = datagen.applyTransform(X.slice(i, 1), p);
      assert.ok(maxDiff(batch.slice(i, 1), alone) < 1e-6, `image ${i} differs between batch and alone`);
      alone.dispose();
    });
    tf.dispose([X, batch]);
  });

  it("is reproducible from its seed, and another seed gives other images", () => {
    const options = { rotationRange: 20, widthShiftRange: 0.2, heightShiftRange: 0.2, horizontalFlip: true, shearRange: 60 };
    const a = new ImageDataGenerator({ ...options, seed: 3 }).randomTransform(data.X);
    const b = new ImageDataGenerator({ ...options, seed: 3 }).randomTransform(data.X);
    const c = new ImageDataGenerator({ ...options, seed: 4 }).randomTransform(data.X);
    assert.equal(maxDiff(a, b), 0);
    assert.ok(maxDiff(a, c) > 0.5);
    assert.ok(centreError(a, data.X) > 0.05, "the notes' settings should change the digits");
    tf.dispose([a, b, c]);
  });

  it("draws parameters within the notes' ranges (rotation 20°, shifts 20%, shear 60°)", () => {
    const datagen = new ImageDataGenerator({ rotationRange: 20, widthShiftRange: 0.2, heightShiftRange: 0.2, horizontalFlip: true, shearRange: 60, seed: 9 });
    const draws = Array.from({ length: 2000 }, () => datagen.randomParameters(28, 28));
    const extent = (key: "theta" | "tx" | "ty" | "shear") => [Math.min(...draws.map((d) => d[key]!)), Math.max(...draws.map((d) => d[key]!))];
    for (const [key, max] of [["theta", 20], ["tx", 5.6], ["ty", 5.6], ["shear", 60]] as const) {
      const [lo, hi] = extent(key) as [number, number];
      assert.ok(lo >= -max && hi <= max && lo < -0.9 * max && hi > 0.9 * max, `${key} drawn in [${lo}, ${hi}], expected about ±${max}`);
    }
    const flips = draws.filter((d) => d.flipHorizontal).length;
    assert.ok(flips > 900 && flips < 1100, `${flips} flips in 2000`);
  });

  it("featurewise centring and normalisation need fit(), then give mean 0 and std 1", () => {
    const datagen = new ImageDataGenerator({ featurewiseCenter: true, featurewiseStdNormalization: true });
    assert.throws(() => datagen.standardize(data.X), (e: Error) => e instanceof NotFittedError && /featurewiseCenter .* fit\(\) was not called/.test(e.message));
    assert.throws(() => new ImageDataGenerator({ featurewiseStdNormalization: true }).augment(data.X), NotFittedError);
    datagen.fit(data.X);
    const out = datagen.standardize(data.X);
    const { mean, variance } = tf.moments(out);
    assert.ok(Math.abs(mean.dataSync()[0]!) < 1e-4);
    assert.ok(Math.abs(Math.sqrt(variance.dataSync()[0]!) - 1) < 1e-3);
    assert.ok(datagen.mean! > 0.05 && datagen.mean! < 0.25, `MNIST's mean pixel is about 0.13, got ${datagen.mean}`);
    tf.dispose([out, mean, variance]);
  });

  it("fit's statistics are the float64 ones, even over millions of pixels", async () => {
    const X = toTensors(takeSubset(await loadMnist("train"), { size: 5_000, seed: 3 })).X;   // 3.9 million pixels
    const pixels = X.dataSync();
    let sum = 0;
    for (const x of pixels) sum += x;
    const mu = sum / pixels.length;
    let squares = 0;
    for (const x of pixels) squares += (x - mu) * (x - mu);
    const sigma = Math.sqrt(squares / pixels.length);
    const datagen = new ImageDataGenerator({ featurewiseCenter: true, featurewiseStdNormalization: true }).fit(X);
    assert.ok(Math.abs(datagen.mean! - mu) < 1e-9, `mean ${datagen.mean} against ${mu}`);
    assert.ok(Math.abs(datagen.std! - sigma) < 1e-9, `std ${datagen.std} against ${sigma}`);
    assert.throws(() => new ImageDataGenerator().fit(tf.zeros([0, 28, 28, 1]) as tf.Tensor4D), /no images to fit on/);
    X.dispose();
  });

  it("validationSplit keeps the first fraction apart; flow yields augmented batches of the chosen subset", () => {
    const datagen = new ImageDataGenerator({ validationSplit: 0.25, rotationRange: 10, seed: 2 });
    const { training, validation } = datagen.split(data.X, data.y);
    assert.equal(validation.X.shape[0], 16);
    assert.equal(training.X.shape[0], 48);
    assert.equal(maxDiff(validation.X, data.X.slice(0, 16)), 0);
    const before = tf.memory().numTensors;
    const sizes: number[] = [];
    for (const batch of datagen.flow(data.X, data.y, { batchSize: 20, subset: "training" })) {
      sizes.push(batch.X.shape[0]);
      assert.deepEqual(batch.y.shape, [batch.X.shape[0], 10]);
      tf.dispose([batch.X, batch.y]);
    }
    assert.deepEqual(sizes, [20, 20, 8]);
    assert.equal(tf.memory().numTensors, before, "flow leaked tensors");
    assert.throws(() => new ImageDataGenerator({ validationSplit: 1 }), /validationSplit must be in \[0, 1\), got 1/);
    tf.dispose([training.X, training.y, validation.X, validation.y]);
  });
});
