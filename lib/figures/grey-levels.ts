/**
 * Grey images (digits, feature maps) stored as 8-bit levels, so their pixels become plotly
 * `u1` typed arrays (1 byte a pixel, against 4 as float32; see bdata.ts):
 * - pixels that already are k/255 (MNIST, as loaded) keep their exact value: the level is k and
 *   the colour scale runs over 0–255 instead of 0–1, so the picture is the same;
 * - other images of at least {@link MIN_LEVELLED} pixels (rotated or shifted digits, feature
 *   maps) are quantized to 256 levels of the range the picture spans (`zmin`–`zmax`, else the
 *   image's own): the same grey levels an 8-bit picture of them holds, as every pixel is drawn
 *   through a 256-step colour ramp anyway;
 * - smaller images (3×3 kernels) and flat ones keep their numbers, which a reader reads.
 * The hover text says which: `128/255`, or the level and the range it divides.
 */
import { extent } from "./bdata.js";

/** Images with fewer pixels keep their float values. */
export const MIN_LEVELLED = 256;

/** One image as the trace stores it. */
export interface LevelledImage {
  z: number[][];
  /** The colour range for `z` (undefined: the image's own range, as given). */
  zmin?: number;
  zmax?: number;
  /** What `%{z}` means, for the hover text: `= %{z}` (unchanged), `= %{z}/255`, or a level. */
  value: string;
}

const EXACT = 1e-3; // float32 of k/255, times 255, is k within ~1e-5

const isLevel255 = (v: number): boolean => v >= 0 && v <= 1 && Math.abs(v * 255 - Math.round(v * 255)) < EXACT;

const short = (v: number): string => String(Number(v.toPrecision(3)));

/** `img` as 8-bit levels where that keeps its picture (see the module's notes). */
export function levelledImage(img: number[][], zmin?: number, zmax?: number): LevelledImage {
  const flat = img.flat();
  if (flat.every(isLevel255) && (zmin === undefined || zmin * 255 === Math.round(zmin * 255)) && (zmax === undefined || zmax * 255 === Math.round(zmax * 255))) {
    return {
      z: img.map((row) => row.map((v) => Math.round(v * 255))),
      ...(zmin !== undefined ? { zmin: Math.round(zmin * 255) } : {}),
      ...(zmax !== undefined ? { zmax: Math.round(zmax * 255) } : {}),
      value: "= %{z}/255",
    };
  }
  const own = extent(flat);
  const lo = zmin ?? own.lo;
  const hi = zmax ?? own.hi;
  if (flat.length < MIN_LEVELLED || !(hi > lo)) {
    return { z: img, ...(zmin !== undefined ? { zmin } : {}), ...(zmax !== undefined ? { zmax } : {}), value: "= %{z}" };
  }
  const step = (hi - lo) / 255;
  return {
    z: img.map((row) => row.map((v) => Math.round((Math.min(hi, Math.max(lo, v)) - lo) / step))),
    zmin: 0,
    zmax: 255,
    value: `≈ level %{z}/255 of ${short(lo)}…${short(hi)}`,
  };
}
