/**
 * Pictures of augmentation: a grid of randomly augmented variants of a few digits, and the
 * lesson of `horizontal_flip` — a mirrored 2, 3, 4, 7 or 9 is no longer that digit (and a
 * mirrored 5 looks like a 2), so that setting hurts on digits even though it helps on photos.
 * @see notebooks/07-data-augmentation.ipynb
 */
import { tf } from "../tf.cjs";
import type { ImageDataGenerator } from "./augmentation.js";
import type { Figure } from "../figures/figure.js";
import { imageGrid } from "../figures/image-grid.js";
import { pickDigits, toTensors, type MnistSet } from "../data/mnist.js";
import { IMAGE_SIZE } from "../training/model.js";

function tensorRows(X: tf.Tensor4D): number[][][] {
  return (X.reshape([X.shape[0], IMAGE_SIZE, IMAGE_SIZE]).arraySync() as number[][][]);
}

/**
 * Each row: one digit of `set` (the first `numDigits`), then `numVariants` random
 * augmentations of it by `datagen` (geometry only; featurewise statistics are not applied).
 */
export function augmentationGrid(
  datagen: ImageDataGenerator,
  set: MnistSet,
  options: { numDigits?: number; numVariants?: number; title?: string } = {},
): Figure {
  const { numDigits = 4, numVariants = 7, title = "Each row: a digit, then random augmentations of it" } = options;
  if (set.count < numDigits) throw new RangeError(`augmentationGrid: the set holds ${set.count} digits, ${numDigits} asked for`);
  const picked = pickDigits(set, Array.from({ length: numDigits }, (_, i) => i));
  const { X, y } = toTensors(picked);
  const images: number[][][] = [];
  const titles: string[] = [];
  const originals = tensorRows(X);
  const variants = tf.tidy(() => {
    // [numDigits · numVariants, 28, 28, 1]: every digit repeated, then transformed
    const repeated = tf.tile(X, [1, numVariants, 1, 1]).reshape([numDigits * numVariants, IMAGE_SIZE, IMAGE_SIZE, 1]) as tf.Tensor4D;
    return datagen.randomTransform(repeated);
  });
  const variantRows = tensorRows(variants);
  tf.dispose([X, y, variants]);
  for (let d = 0; d < numDigits; d++) {
    images.push(originals[d]!);
    titles.push(`original ${picked.labels[d]}`);
    for (let v = 0; v < numVariants; v++) {
      images.push(variantRows[d * numVariants + v]!);
      titles.push(`variant ${v + 1}`);
    }
  }
  return imageGrid(images, { title, columns: numVariants + 1, titles, zmin: 0, zmax: 1, tileSize: 90 });
}

/** One example of each digit in `digits`, beside its mirror image (what `horizontalFlip` makes). */
export function horizontalFlipFigure(set: MnistSet, options: { digits?: number[]; title?: string } = {}): Figure {
  const { digits = [2, 3, 4, 5, 7, 9], title = "horizontal_flip: mirrored digits" } = options;
  const indices = digits.map((d) => {
    const i = set.labels.indexOf(d);
    if (i < 0) throw new RangeError(`horizontalFlipFigure: the set holds no digit ${d}`);
    return i;
  });
  const { X, y } = toTensors(pickDigits(set, indices));
  const flipped = tf.reverse(X, 2) as tf.Tensor4D; // mirror the width axis
  const originals = tensorRows(X);
  const mirrors = tensorRows(flipped);
  tf.dispose([X, y, flipped]);
  const images = digits.flatMap((_, k) => [originals[k]!, mirrors[k]!]);
  const titles = digits.flatMap((d) => [`${d}`, `${d} mirrored`]);
  return imageGrid(images, { title, columns: 4, titles, zmin: 0, zmax: 1, tileSize: 100 });
}
