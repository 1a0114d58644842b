/**
 * A figure's PNG with a small palette: plots are flat colours plus antialiased edges, so a
 * palette (quantized by upng-js, no dithering) keeps what the eye sees at a fraction of the
 * bytes of Chromium's true-colour PNG. The palette is the smallest of {@link PALETTE_SIZES}
 * that stays within {@link PALETTE_TOLERANCE} of the drawn pixels: line and bar plots keep
 * their look with 32 colours, smooth colour gradients (filled contours, colour bars) need
 * more, up to 256, where 32 or 64 would show bands. Used for the `image/png` (LaTeX,
 * jupyterlab-plotly's static view, every viewer of a stored notebook) and, where it is the
 * smallest, the `<img>` in a live figure's `text/html`.
 */
import { createRequire } from "node:module";

interface Upng {
  decode(data: ArrayBuffer): { width: number; height: number };
  toRGBA8(img: { width: number; height: number }): ArrayBuffer[];
  encode(frames: ArrayBuffer[], width: number, height: number, colours: number): ArrayBuffer;
  quantize(frames: ArrayBuffer[], colours: number): { bufs: ArrayBuffer[] };
}

let upng: Upng | undefined;

/** The palette sizes tried, fewest first; the last is used when no smaller one is close enough. */
export const PALETTE_SIZES = [32, 64, 256] as const;

/**
 * How far a palette may move the pixels: on average at most `mean` (in 0–255, the largest of
 * the three channels' differences), and at most `far` of the pixels by more than 16.
 */
export const PALETTE_TOLERANCE = { mean: 1.5, far: 0.01 };

/** How far `quantized` is from `rgba` (both RGBA bytes): mean largest channel difference, share of pixels off by > 16. */
export function paletteError(rgba: Uint8Array, quantized: Uint8Array): { mean: number; far: number } {
  let sum = 0, far = 0;
  for (let p = 0; p < rgba.length; p += 4) {
    const e = Math.max(Math.abs(rgba[p]! - quantized[p]!), Math.abs(rgba[p + 1]! - quantized[p + 1]!), Math.abs(rgba[p + 2]! - quantized[p + 2]!));
    sum += e;
    if (e > 16) far++;
  }
  const pixels = rgba.length / 4;
  return { mean: sum / pixels, far: far / pixels };
}

/** `png` re-encoded with the smallest close-enough palette (see the module's notes), or `png` itself when that is not smaller. */
export function palettePng(png: Buffer): Buffer {
  upng ??= createRequire(import.meta.url)("upng-js") as Upng;
  const bytes = png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer;
  const image = upng.decode(bytes);
  const rgba = upng.toRGBA8(image)[0];
  if (rgba === undefined) throw new RangeError(`palettePng: a PNG of ${png.length} bytes has no frame`);
  const pixels = new Uint8Array(rgba);
  let out: Buffer | undefined;
  for (const size of PALETTE_SIZES.slice(0, -1)) {
    const quantized = upng.quantize([rgba.slice(0)], size).bufs[0]!;
    const error = paletteError(pixels, new Uint8Array(quantized));
    if (error.mean <= PALETTE_TOLERANCE.mean && error.far <= PALETTE_TOLERANCE.far) {
      // already ≤ `size` colours: encoded losslessly as a palette PNG
      out = Buffer.from(upng.encode([quantized], image.width, image.height, 0));
      break;
    }
  }
  out ??= Buffer.from(upng.encode([rgba], image.width, image.height, PALETTE_SIZES[PALETTE_SIZES.length - 1] as number));
  return out.length < png.length ? out : png;
}
