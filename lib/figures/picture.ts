/**
 * A figure's static picture for its `text/html`: the PNG headless Chromium drew, or the SVG
 * it was drawn from when that is at most half the size (line plots; plotly draws the PNG by
 * painting this same SVG onto a canvas, so both look the same). Heatmaps and filled contours
 * carry raster data or thousands of paths, so they keep the PNG.
 */
import type { FigurePicture } from "./plotly-html.js";

/** The two forms plotly's `toImage` gives for one figure. */
export interface DrawnImages {
  png: Buffer;
  svg: string;
  width: number;
  height: number;
}

/** An SVG as a `data:` URI: percent-escaped where it must be, ~1.1× the SVG, not base64's 1.33×. */
export function svgDataUri(svg: string): string {
  return "data:image/svg+xml," + svg.replace(/[%#"<>&\n\r\t]|[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** A PNG as a `data:` URI. */
export const pngDataUri = (png: Buffer): string => "data:image/png;base64," + png.toString("base64");

/** The smaller picture of the two (SVG only when at most half the PNG's URI). */
export function pictureOf(images: DrawnImages): FigurePicture {
  const png = pngDataUri(images.png);
  const svg = images.svg === "" ? undefined : svgDataUri(images.svg);
  const src = svg !== undefined && svg.length * 2 <= png.length ? svg : png;
  return { src, width: images.width, height: images.height };
}
