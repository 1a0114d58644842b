import { checkMatrix } from "./check.js";
import { Figure } from "./figure.js";
import { levelledImage } from "./grey-levels.js";
import type { Layout, Trace } from "./types.js";

/** Options for {@link imageGrid}. */
export interface ImageGridOptions {
  title?: string;
  /** Images per row (default: up to 8). */
  columns?: number;
  /** One caption per image (e.g. "label 7, predicted 1"). */
  titles?: string[];
  /** Plotly colorscale (default "Greys": low black, high white). */
  colorscale?: string | [number, string][];
  /** Pixel range shared by all images (default: each image's own range). */
  zmin?: number;
  zmax?: number;
  /** Size of each image tile in pixels (default 110). */
  tileSize?: number;
}

/**
 * Several images (digits, feature maps, augmented variants) in a grid, each in its own
 * square subplot with an optional caption. Pixels are stored as 8-bit grey levels where that
 * keeps the picture (see grey-levels.ts): MNIST's k/255 exactly, larger images as 256 levels.
 * @see notebooks/06-mnist-cnn.ipynb
 */
export function imageGrid(images: ArrayLike<ArrayLike<ArrayLike<number>>>, options: ImageGridOptions = {}): Figure {
  const list = Array.from(images ?? [], (img) => Array.from(img ?? [], (row) => Array.from(row ?? [])));
  if (list.length === 0) throw new RangeError("imageGrid: no images given; pass an array of 2-D pixel arrays");
  list.forEach((img, i) => checkMatrix("imageGrid", `images[${i}]`, img));
  if (options.titles !== undefined && options.titles.length !== list.length) {
    throw new RangeError(`imageGrid: ${options.titles.length} titles for ${list.length} images`);
  }
  const columns = options.columns ?? Math.min(8, list.length);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`imageGrid: columns must be a positive integer, got ${columns}`);
  const rows = Math.ceil(list.length / columns);
  const tile = options.tileSize ?? 110;
  const captionH = options.titles ? 18 : 0;
  const top = options.title ? 40 : 10;
  const width = columns * tile;
  const height = rows * (tile + captionH) + top;
  const gap = 0.08;
  const data: Trace[] = [];
  const layout: Layout = { width: width + 20, height, margin: { l: 10, r: 10, t: top, b: 0 }, showlegend: false, annotations: [] };
  if (options.title) layout["title"] = { text: options.title, y: 1 - 10 / height, yanchor: "top" };
  const plotH = height - top;
  list.forEach((img, i) => {
    const r = Math.floor(i / columns);
    const c = i % columns;
    const n = i === 0 ? "" : String(i + 1);
    const x0 = c / columns + gap / columns / 2;
    const x1 = (c + 1) / columns - gap / columns / 2;
    const yTop = 1 - (r * (tile + captionH) + captionH) / plotH;
    const yBottom = 1 - ((r + 1) * (tile + captionH)) / plotH + (gap * tile) / plotH;
    const levelled = levelledImage(img, options.zmin, options.zmax);
    const trace: Trace = {
      type: "heatmap", z: levelled.z, colorscale: options.colorscale ?? "Greys", showscale: false,
      xaxis: `x${n}`, yaxis: `y${n}`, hovertemplate: `image ${i}: (%{y}, %{x}) ${levelled.value}<extra></extra>`,
    };
    if (levelled.zmin !== undefined) trace["zmin"] = levelled.zmin;
    if (levelled.zmax !== undefined) trace["zmax"] = levelled.zmax;
    data.push(trace);
    const hidden = { visible: false }; // no ticks, labels, grid or zero line
    layout[`xaxis${n}`] = { ...hidden, domain: [x0, x1], anchor: `y${n}`, constrain: "domain" };
    layout[`yaxis${n}`] = { ...hidden, domain: [Math.max(0, yBottom), Math.min(1, yTop)], anchor: `x${n}`, autorange: "reversed", scaleanchor: `x${n}`, constrain: "domain" };
    if (options.titles) {
      (layout["annotations"] as unknown[]).push({
        text: options.titles[i], showarrow: false, xref: "paper", yref: "paper",
        x: (x0 + x1) / 2, y: Math.min(1, yTop), xanchor: "center", yanchor: "bottom", font: { size: 11 },
      });
    }
  });
  return new Figure({ data, layout });
}
