// The IDX reader on MNIST's real files and on corrupted copies; seeded subsets; tensors.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  IMAGE_MAGIC, LABEL_MAGIC, IdxFormatError, parseIdxImages, parseIdxLabels, readIdxImages,
  loadMnist, mnistFiles, takeSubset, shuffleSet, selectDigits, classCounts, digitRows, toTensors,
  normalizePixels, type MnistSet,
} from "../../lib/index.js";
import { useLibraryBackend } from "./backend-hooks.js";

useLibraryBackend();

/** Big-endian header bytes followed by `data`. */
function idx(magic: number, dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

describe("IDX reader and MNIST", () => {
  let train: MnistSet;
  let test: MnistSet;
  let dir: string;

  before(async () => {
    [train, test] = await Promise.all([loadMnist("train"), loadMnist("test")]);
    dir = await mkdtemp(join(tmpdir(), "tsdl-idx-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("reads the real files: 60,000 + 10,000 digits of 28×28, labels 0–9, magic numbers 2051/2049", async () => {
    assert.equal(train.count, 60_000);
    assert.equal(test.count, 10_000);
    assert.equal(train.images.length, 60_000 * 784);
    assert.equal(test.labels.length, 10_000);
    const bytes = await readFile(mnistFiles("train").images);
    assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, false), IMAGE_MAGIC);
    const labelBytes = await readFile(mnistFiles("test").labels);
    assert.equal(new DataView(labelBytes.buffer, labelBytes.byteOffset).getUint32(0, false), LABEL_MAGIC);
    // The well-known first digits: a 5 opens the training set, a 7 the test set.
    assert.equal(train.labels[0], 5);
    assert.equal(test.labels[0], 7);
    assert.deepEqual(classCounts(test), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    assert.ok(Math.max(...train.images.subarray(0, 784)) === 255);
  });

  it("parses a hand-made file and checks rows and columns", () => {
    const images = parseIdxImages(idx(IMAGE_MAGIC, [2, 3, 4], new Uint8Array(24).map((_, i) => i)));
    assert.deepEqual([images.count, images.rows, images.cols], [2, 3, 4]);
    assert.equal(images.pixels[23], 23);
    const labels = parseIdxLabels(idx(LABEL_MAGIC, [3], new Uint8Array([1, 2, 3])));
    assert.deepEqual(Array.from(labels.labels), [1, 2, 3]);
  });

  it("rejects a truncated file, naming the sizes", async () => {
    const full = await readFile(mnistFiles("test").images);
    const path = join(dir, "truncated-images");
    await writeFile(path, full.subarray(0, 16 + 784 * 10 + 5));
    await assert.rejects(readIdxImages(path), (e: Error) =>
      e instanceof IdxFormatError && /truncated/.test(e.message) && e.message.includes("7845") && e.message.includes(path));
    assert.throws(() => parseIdxLabels(new Uint8Array([0, 0, 8])), /too short for an IDX header/);
  });

  it("rejects a foreign file by its magic number", () => {
    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.throws(() => parseIdxImages(gzip, "digits.gz"), (e: Error) =>
      e instanceof IdxFormatError && /digits\.gz: magic number 529205248 \(0x1f8b0800\) is not 2051/.test(e.message));
    // A labels file is not an images file.
    assert.throws(() => parseIdxImages(idx(LABEL_MAGIC, [1, 0, 0], new Uint8Array(0))), /is not 2051/);
  });

  it("rejects a file whose header count does not match its data", () => {
    assert.throws(() => parseIdxLabels(idx(LABEL_MAGIC, [2], new Uint8Array(3))), /holds 3; the count in the header does not match/);
  });

  it("rejects images and labels whose counts differ, naming both files", async () => {
    const sub = join(dir, "mismatch");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(sub);
    await writeFile(join(sub, "t10k-images-idx3-ubyte"), idx(IMAGE_MAGIC, [3, 28, 28], new Uint8Array(3 * 784)));
    await writeFile(join(sub, "t10k-labels-idx1-ubyte"), idx(LABEL_MAGIC, [2], new Uint8Array([1, 2])));
    await assert.rejects(loadMnist("test", { dir: sub }), /holds 3 images but .* holds 2 labels/);
    await writeFile(join(sub, "t10k-labels-idx1-ubyte"), idx(LABEL_MAGIC, [3], new Uint8Array([1, 2, 12])));
    await assert.rejects(loadMnist("test", { dir: sub }), /label 12 at index 2 is not a digit/);
    await writeFile(join(sub, "t10k-labels-idx1-ubyte"), idx(LABEL_MAGIC, [3], new Uint8Array([1, 2, 3])));
    const ok = await loadMnist("test", { dir: sub });
    assert.equal(ok.count, 3);
  });

  it("draws seeded subsets: the same seed gives the same digits, another seed others", () => {
    const a = takeSubset(train, { size: 500, seed: 7 });
    const b = takeSubset(train, { size: 500, seed: 7 });
    const c = takeSubset(train, { size: 500, seed: 8 });
    assert.deepEqual(a.labels, b.labels);
    assert.deepEqual(a.images, b.images);
    assert.notDeepEqual(a.labels, c.labels);
    // A subset holds real digits of the set: every class shows up in 500 draws.
    assert.ok(classCounts(a).every((n) => n > 20), `class counts ${classCounts(a)}`);
    assert.throws(() => takeSubset(test, { size: 10_001 }), /size must be an integer in 0..10000, got 10001/);
    const shuffled = shuffleSet(takeSubset(test, { size: 100, seed: 1 }), 3);
    assert.deepEqual(classCounts(shuffled), classCounts(takeSubset(test, { size: 100, seed: 1 })));
  });

  it("selects digits and shifts their labels (5–9 become 0–4)", () => {
    const high = selectDigits(takeSubset(test, { size: 1000, seed: 2 }), [5, 6, 7, 8, 9]);
    const source = takeSubset(test, { size: 1000, seed: 2 });
    assert.equal(high.count, Array.from(source.labels).filter((l) => l >= 5).length);
    assert.ok(Array.from(high.labels).every((l) => l <= 4));
    const firstSeven = Array.from(source.labels).filter((l) => l >= 5).indexOf(7);
    assert.equal(high.labels[firstSeven], 2);
    assert.throws(() => selectDigits(test, [5, 5]), /distinct integers 0–9, got \[5, 5\]/);
  });

  it("normalises to [0, 1] tensors: X [n, 28, 28, 1], y one-hot", () => {
    const small = takeSubset(test, { size: 20, seed: 4 });
    const { X, y } = toTensors(small);
    assert.deepEqual(X.shape, [20, 28, 28, 1]);
    assert.deepEqual(y.shape, [20, 10]);
    assert.equal(X.max().dataSync()[0], 1);
    assert.equal(X.min().dataSync()[0], 0);
    assert.deepEqual(Array.from(y.argMax(1).dataSync()), Array.from(small.labels));
    const rows = digitRows(small, 3);
    assert.equal(rows.length, 28);
    assert.ok(Math.abs(rows[10]![12]! - normalizePixels(small.images)[3 * 784 + 10 * 28 + 12]!) < 1e-7);
    X.dispose();
    y.dispose();
  });

  it("makes tensors that keep their values when they move from the CPU backend to the chosen one", async () => {
    // Notebooks may build tensors before ensureBackend() picks WASM; tfjs then moves their bytes.
    const small = takeSubset(test, { size: 8, seed: 6 });
    const chosen = tf.getBackend();
    await tf.setBackend("cpu");
    const { X, y } = toTensors(small);
    await tf.setBackend(chosen);
    assert.deepEqual(Array.from(y.mul(2).max(1).dataSync()), new Array(8).fill(2));
    assert.deepEqual(Array.from(y.argMax(1).dataSync()), Array.from(small.labels));
    assert.ok(Math.abs(X.sum().dataSync()[0]! - normalizePixels(small.images).reduce((a, b) => a + b, 0)) < 1e-2);
    tf.dispose([X, y]);
  });
});
