/**
 * A figure's static picture for its `text/html`, the smallest of:
 * - the PNG headless Chromium drew (lossless; also the `image/png` LaTeX uses);
 * - the SVG it was drawn from, when at most half the PNG (line plots; plotly draws the PNG by
 *   painting this same SVG onto a canvas, so both look the same);
 * - a lossy WebP (quality 0.9) of the same pixels, when at most a third of the PNG: filled
 *   contours, whose smooth colour gradients make 200 KB PNGs and 250 KB SVGs. Every browser
 *   a notebook viewer runs in (Chromium, Firefox, Safari ≥ 14, VS Code's webview) shows WebP.
 * Heatmaps of a few pixels keep the PNG.
 */
import type { FigurePicture } from "./plotly-html.js";

/** The two forms plotly's `toImage` gives for one figure. */
export interface DrawnImages {
  png: Buffer;
  svg: string;
  webp: string;
  width: number;
  height: number;
}

/** An SVG as a `data:` URI: percent-escaped where it must be, ~1.1× the SVG, not base64's 1.33×. */
export function svgDataUri(svg: string): string {
  return "data:image/svg+xml," + svg.replace(/[%#"<>&\n\r\t]|[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** A PNG as a `data:` URI. */
export const pngDataUri = (png: Buffer): string => "data:image/png;base64," + png.toString("base64");

/** The smallest picture (SVG only when at most half the PNG's URI, WebP at most a third). */
export function pictureOf(images: DrawnImages): FigurePicture {
  const png = pngDataUri(images.png);
  const candidates = [png];
  if (images.svg !== "") { const svg = svgDataUri(images.svg); if (svg.length * 2 <= png.length) candidates.push(svg); }
  if (images.webp !== "" && images.webp.length * 3 <= png.length) candidates.push(images.webp);
  const src = candidates.reduce((a, b) => (b.length < a.length ? b : a));
  return { src, width: images.width, height: images.height };
}
