// What the notebook-wide picture switch (`figurePictures(true)`, TSDL_FIGURE_PICTURES=1) costs a
// student per displayed figure: the time a display takes and the bytes its output adds, with
// the switch off and on, for three kinds of figure (a loss curve, a grid of 16 digits, a
// filled contour with a path), each a fresh figure so that no picture is reused. Displays run
// the same code a kernel cell's display does; `withImages` (one Chromium for many figures) is
// timed too, for comparison.
//
//   npm run bench:pictures              # = node dist/bench/figure-pictures.js --reps 3
import { parseArgs } from "node:util";
import { contourWithPaths, figurePictures, imageGrid, JUPYTER_DISPLAY, linePlot, withImages, type Figure } from "../lib/index.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "3" } } });
const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`--reps must be a positive integer, got ${JSON.stringify(values.reps)}`);

const kinds: Record<string, (seed: number) => Figure> = {
  "loss curve (200 points)": (seed) =>
    linePlot([{ y: Array.from({ length: 200 }, (_, i) => 2 * Math.exp(-i / 40) + 0.05 * Math.sin(i + seed)), name: "loss" }], { title: "Loss" }),
  "16 digits (28×28, k/255)": (seed) =>
    imageGrid(Array.from({ length: 16 }, (_, k) => Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) =>
      Math.round(255 * Math.max(0, 1 - Math.hypot(r - 14, c - 14 + ((k + seed) % 5)) / 10)) / 255))), { columns: 8, title: "Digits" }),
  "filled contour + path": (seed) =>
    contourWithPaths((x, y) => x * x + 10 * y * y, [{ points: Array.from({ length: 20 }, (_, i) => [-3 * 0.85 ** i, (1 + seed / 10) * (-0.7) ** i] as const), name: "path" }],
      { xRange: [-3.5, 3.5], yRange: [-1.5, 1.5], title: "Contour" }),
};

const bytes = (fig: Figure): number => Buffer.byteLength(JSON.stringify(fig[JUPYTER_DISPLAY]()));
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`figure pictures: ${reps} fresh figure(s) per kind; median ms per display, bytes of its output`);
console.log(["kind", "off ms", "on ms", "off bytes", "on bytes", "added bytes", "withImages ms/figure"].join(" | "));
for (const [name, make] of Object.entries(kinds)) {
  const off: number[] = [], on: number[] = [];
  let offBytes = 0, onBytes = 0;
  for (let i = 0; i < reps; i++) {
    figurePictures(false);
    let fig = make(i);
    let t0 = process.hrtime.bigint();
    fig[JUPYTER_DISPLAY]();
    off.push(ms(t0));
    offBytes = bytes(fig);
    figurePictures(true);
    fig = make(i);
    t0 = process.hrtime.bigint();
    fig[JUPYTER_DISPLAY]();
    on.push(ms(t0));
    onBytes = bytes(fig); // the picture is kept: no second drawing
  }
  figurePictures(false);
  const batch = Array.from({ length: reps }, (_, i) => make(100 + i));
  const t0 = process.hrtime.bigint();
  await withImages(batch);
  const perFigure = ms(t0) / reps;
  console.log([name, median(off).toFixed(1), median(on).toFixed(0), offBytes, onBytes, onBytes - offBytes, perFigure.toFixed(0)].join(" | "));
}
