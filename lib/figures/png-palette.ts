/**
 * A figure's PNG with at most 256 colours: plots are flat colours plus antialiased edges, so
 * a palette (quantized by upng-js, no dithering) keeps what the eye sees at about a quarter of
 * the bytes of Chromium's true-colour PNG. Used for both the `image/png` (LaTeX, jupyterlab-plotly's
 * static view) and, where it is the smallest, the `<img>` in `text/html`.
 */
import { createRequire } from "node:module";

interface Upng {
  decode(data: ArrayBuffer): { width: number; height: number };
  toRGBA8(img: { width: number; height: number }): ArrayBuffer[];
  encode(frames: ArrayBuffer[], width: number, height: number, colours: number): ArrayBuffer;
}

let upng: Upng | undefined;

/** The colours a palette PNG keeps. */
export const PALETTE_COLOURS = 256;

/** `png` re-encoded with a palette of {@link PALETTE_COLOURS} colours, or `png` itself when that is not smaller. */
export function palettePng(png: Buffer): Buffer {
  upng ??= createRequire(import.meta.url)("upng-js") as Upng;
  const bytes = png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer;
  const image = upng.decode(bytes);
  const rgba = upng.toRGBA8(image)[0];
  if (rgba === undefined) throw new RangeError(`palettePng: a PNG of ${png.length} bytes has no frame`);
  const out = Buffer.from(upng.encode([rgba], image.width, image.height, PALETTE_COLOURS));
  return out.length < png.length ? out : png;
}
