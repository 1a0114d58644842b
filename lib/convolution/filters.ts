/**
 * "Optimized weights": what the convolution layer learned. Its 3×3 filters (kernels) and the
 * feature maps they produce on one digit, to compare before and after training: at first the
 * filters are random noise; after training they become edge and stroke detectors.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { tf } from "../tf.cjs";
import type { Figure } from "../figures/figure.js";
import { imageGrid } from "../figures/image-grid.js";
import { IMAGE_SIZE } from "../training/model.js";

/** The learned filters of a Conv2D layer with one input channel: `[filter][row][col]`. */
export function convFilters(model: tf.LayersModel, layerName = "conv"): number[][][] {
  const layer = model.getLayer(layerName);
  const kernel = layer.getWeights()[0]; // [kh, kw, inChannels, filters]
  if (kernel === undefined || kernel.rank !== 4) {
    throw new TypeError(`convFilters: layer "${layerName}" (${layer.getClassName()}) has no 4-D convolution kernel`);
  }
  const [kh, kw, inChannels, filters] = kernel.shape as [number, number, number, number];
  if (inChannels !== 1) throw new RangeError(`convFilters: layer "${layerName}" reads ${inChannels} channels; only 1-channel kernels are drawn`);
  const values = kernel.arraySync() as number[][][][];
  return Array.from({ length: filters }, (_, f) =>
    Array.from({ length: kh }, (_, r) => Array.from({ length: kw }, (_, c) => values[r]![c]![0]![f]!)),
  );
}

/**
 * The output of layer `layerName` for one digit (28 rows of 28 pixels in [0, 1]):
 * one 2-D map per channel, `[channel][row][col]` (16 maps of 26×26 for the course CNN's conv).
 */
export function featureMaps(model: tf.LayersModel, image: ArrayLike<ArrayLike<number>>, layerName = "conv"): number[][][] {
  const rows = Array.from(image, (r) => Array.from(r));
  if (rows.length !== IMAGE_SIZE || rows.some((r) => r.length !== IMAGE_SIZE)) {
    throw new RangeError(`featureMaps: the image must be 28 rows of 28 pixels, got ${rows.length} rows of ${rows[0]?.length ?? 0}`);
  }
  const layer = model.getLayer(layerName);
  const probe = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  const maps = tf.tidy(() => {
    const out = probe.predict(tf.tensor4d(rows.flat(), [1, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor; // [1, h, w, channels]
    if (out.rank !== 4) throw new TypeError(`featureMaps: layer "${layerName}" outputs rank ${out.rank}, not image-shaped maps`);
    return out.squeeze([0]).transpose([2, 0, 1]); // [channels, h, w]
  });
  const values = maps.arraySync() as number[][][];
  maps.dispose();
  return values;
}

/** The filters as small images on a blue–white–red scale centred on 0 (blue negative, red positive). */
export function filtersFigure(filters: number[][][], options: { title?: string; columns?: number } = {}): Figure {
  const extent = Math.max(1e-6, ...filters.flat(2).map(Math.abs));
  return imageGrid(filters, {
    title: options.title ?? `${filters.length} learned ${filters[0]?.length ?? 0}×${filters[0]?.[0]?.length ?? 0} filters`,
    columns: options.columns ?? 8,
    colorscale: "RdBu",
    zmin: -extent,
    zmax: extent,
    titles: filters.map((_, f) => `filter ${f}`),
    tileSize: 90,
  });
}

/** The feature maps of one digit, one tile per filter (bright = strong response). */
export function featureMapsFigure(maps: number[][][], options: { title?: string; columns?: number } = {}): Figure {
  return imageGrid(maps, {
    title: options.title ?? `${maps.length} feature maps of ${maps[0]?.length ?? 0}×${maps[0]?.[0]?.length ?? 0}`,
    columns: options.columns ?? 8,
    colorscale: "Viridis",
    zmin: 0,
    zmax: Math.max(1e-6, ...maps.flat(2)),
    titles: maps.map((_, f) => `map ${f}`),
    tileSize: 90,
  });
}

/** The filters and the feature maps of one digit, taken together: call before and after training. */
export interface FilterSnapshot {
  filters: number[][][];
  maps: number[][][];
}

/** Records the conv layer's filters and its maps of `image` now, to compare after training. */
export function snapshotFilters(model: tf.LayersModel, image: ArrayLike<ArrayLike<number>>, layerName = "conv"): FilterSnapshot {
  return { filters: convFilters(model, layerName), maps: featureMaps(model, image, layerName) };
}
