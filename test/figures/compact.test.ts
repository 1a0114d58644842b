// Compact stored figures: grey images as 8-bit levels (plotly `u1` typed arrays) where that
// keeps their picture, and PNG palettes as small as the picture allows.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { decodeTypedArray, encodeTypedArrays, imageGrid, imageHeatmap, palettePng, type TypedArraySpec } from "../../lib/index.js";
import { levelledImage, MIN_LEVELLED } from "../../lib/figures/grey-levels.js";
import { paletteError } from "../../lib/figures/png-palette.js";

interface Upng {
  encode(frames: ArrayBuffer[], width: number, height: number, colours: number): ArrayBuffer;
  decode(data: ArrayBuffer): { width: number; height: number };
  toRGBA8(img: { width: number; height: number }): ArrayBuffer[];
}
const upng = createRequire(import.meta.url)("upng-js") as Upng;
const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const rgbaOf = (png: Buffer): Uint8Array => new Uint8Array(upng.toRGBA8(upng.decode(toArrayBuffer(png)))[0]!);
const colours = (rgba: Uint8Array): number => new Set(new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength / 4)).size;

describe("grey images as 8-bit levels", () => {
  const digit = Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => ((r * 28 + c) % 256) / 255));

  it("k/255 pixels (MNIST) keep their exact value: level k, the range ×255, hover k/255", () => {
    const l = levelledImage(digit, 0, 1);
    assert.deepEqual([l.zmin, l.zmax, l.value], [0, 255, "= %{z}/255"]);
    assert.equal(l.z[1]![2], 30);
    const z = encodeTypedArrays(imageGrid([digit, digit], { zmin: 0, zmax: 1 }).toJSON()).data[0]!["z"] as unknown as TypedArraySpec;
    assert.equal(z.dtype, "u1", "one byte a pixel");
    assert.deepEqual((decodeTypedArray(z) as number[][])[27], digit[27]!.map((v) => Math.round(v * 255)));
    const own = levelledImage(Array.from({ length: 3 }, () => [0, 1 / 255, 1]));
    assert.deepEqual([own.zmin, own.zmax, own.z[0]], [undefined, undefined, [0, 1, 255]], "no range given: the image's own, as before");
  });

  it(`other images of ≥ ${MIN_LEVELLED} pixels: 256 levels of the range drawn, within half a level`, () => {
    const wave = Array.from({ length: 16 }, (_, r) => Array.from({ length: 16 }, (_, c) => Math.sin(r + 0.3 * c) * 2.5));
    const l = levelledImage(wave);
    assert.deepEqual([l.zmin, l.zmax], [0, 255]);
    assert.match(l.value, /^≈ level %\{z\}\/255 of -2\.5\d*…2\.5\d*$/);
    const lo = Math.min(...wave.flat()), hi = Math.max(...wave.flat());
    wave.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(lo + (l.z[r]![c]! * (hi - lo)) / 255 - v) <= (hi - lo) / 510 + 1e-12)));
    const clamped = levelledImage(wave, 0, 1);
    assert.equal(Math.min(...clamped.z.flat()), 0, "values below zmin draw as zmin");
    assert.equal(Math.max(...clamped.z.flat()), 255, "values above zmax draw as zmax");
  });

  it("small images (kernels) and flat ones keep their numbers", () => {
    const kernel = [[0.1, -0.2, 0.3], [0, 0.5, 0], [-0.1, 0.2, 0.05]];
    assert.deepEqual(levelledImage(kernel, -0.5, 0.5), { z: kernel, zmin: -0.5, zmax: 0.5, value: "= %{z}" });
    const flat = Array.from({ length: 20 }, () => Array(20).fill(0.3) as number[]);
    assert.equal(levelledImage(flat).z, flat);
  });

  it("imageHeatmap and imageGrid store levels and say so on hover", () => {
    const fig = imageHeatmap(digit);
    assert.equal(fig.data[0]!["hovertemplate"], "row %{y}, col %{x} = %{z}/255<extra></extra>");
    const grid = imageGrid([digit], { titles: ["a"] });
    assert.match(String(grid.data[0]!["hovertemplate"]), /^image 0: \(%\{y\}, %\{x\}\) = %\{z\}\/255/);
    assert.deepEqual(Object.keys(grid.layout["xaxis"] as object).sort(), ["anchor", "constrain", "domain", "visible"], "a hidden axis is one attribute");
  });
});

describe("PNG palettes as small as the picture allows", () => {
  const png = (w: number, h: number, pixel: (x: number, y: number) => [number, number, number]): Buffer => {
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([...pixel(x, y), 255], (y * w + x) * 4);
    return Buffer.from(upng.encode([rgba.buffer], w, h, 0)); // lossless, as Chromium's
  };

  it("flat colours (a line plot) keep every pixel with at most 32 colours", () => {
    const lines = png(200, 100, (x, y) => (Math.abs(y - 50 - 20 * Math.sin(x / 20)) < 2 ? [31, 119, 180] : y % 25 === 0 ? [230, 230, 230] : [255, 255, 255]));
    const out = palettePng(lines);
    assert.deepEqual(rgbaOf(out), rgbaOf(lines));
    assert.ok(colours(rgbaOf(out)) <= 32);
  });

  it("a smooth gradient (a filled contour) keeps 256 colours, where 32 or 64 would show bands", () => {
    const ramp = png(512, 64, (x, y) => [Math.round(x / 2), Math.round(255 - x / 2), (x + 4 * y) % 256]);
    const out = palettePng(ramp);
    assert.ok(colours(rgbaOf(out)) > 64, `${colours(rgbaOf(out))} colours`);
    const e = paletteError(rgbaOf(ramp), rgbaOf(out));
    assert.ok(e.mean <= 3, `mean error ${e.mean}`);
  });
});
