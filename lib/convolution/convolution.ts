import { checkInteger, checkMatrix2d, show } from "../notebook/check-numbers.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/jupyter.js";
import { heatmap } from "../figures/heatmap.js";
import { gridText } from "../figures/table.js";

/**
 * 2-D convolution as CNNs compute it — cross-correlation, the kernel is not flipped —
 * by hand, with every step recorded: which window, its dot product with the kernel,
 * and where the result lands. Checked against `tf.conv2d` in the tests.
 * @see notebooks/05-convolution.ipynb
 */

/** Padding p (zeros on every side), stride s and dilation d; all default to p = 0, s = d = 1. */
export interface ConvOptions {
  padding?: number;
  stride?: number;
  dilation?: number;
}

/** One step of the sliding window. */
export interface ConvStep {
  /** Where the result lands in the output. */
  outRow: number;
  outCol: number;
  /** Top-left corner of the window in the padded input. */
  inRow: number;
  inCol: number;
  /** The input values under the kernel (after padding, with dilation's gaps skipped). */
  window: number[][];
  /** window · kernel, element by element, summed. */
  value: number;
}

function checkConvOptions(fn: string, options: ConvOptions): Required<ConvOptions> {
  const { padding = 0, stride = 1, dilation = 1 } = options ?? {};
  checkInteger(fn, "padding", padding, 0);
  checkInteger(fn, "stride", stride, 1);
  checkInteger(fn, "dilation", dilation, 1);
  return { padding, stride, dilation };
}

/**
 * One axis of a convolution, in conv_arithmetic's names: input size i, kernel size k,
 * padding p (zeros on each side, default 0), stride s (default 1), dilation d (default 1).
 */
export interface AxisSizes {
  i: number;
  k: number;
  p?: number;
  s?: number;
  d?: number;
}

function checkAxis(fn: string, sizes: AxisSizes): Required<AxisSizes> {
  if (typeof sizes !== "object" || sizes === null) throw new TypeError(`${fn}: give the sizes as { i, k, p, s }, got ${show(sizes)}`);
  const { i, k, p = 0, s = 1, d = 1 } = sizes;
  checkInteger(fn, "i (input size)", i, 1);
  checkInteger(fn, "k (kernel size)", k, 1);
  checkInteger(fn, "p (padding)", p, 0);
  checkInteger(fn, "s (stride)", s, 1);
  checkInteger(fn, "d (dilation)", d, 1);
  return { i, k, p, s, d };
}

/**
 * The output length along one axis: o = ⌊(i + 2p − k')/s⌋ + 1, where a kernel dilated by d
 * spans k' = k + (k − 1)(d − 1) inputs. Throws, naming the sizes, when o is below 1.
 */
export function convOutputSize(sizes: AxisSizes): number {
  const { i, k, p, s, d } = checkAxis("convOutputSize", sizes);
  const span = k + (k - 1) * (d - 1);
  const o = Math.floor((i + 2 * p - span) / s) + 1;
  if (o < 1) {
    throw new RangeError(
      `convOutputSize: output would be ${Math.max(o, 0)} for i = ${i} and k = ${k}` +
        `${d > 1 ? ` (dilated to ${span})` : ""} with p = ${p}, s = ${s}: ⌊(${i} + 2·${p} − ${span})/${s}⌋ + 1 = ${o}` +
        `\nhelp: pad by at least ${Math.ceil((span - i) / 2)} or use a smaller kernel`,
    );
  }
  return o;
}

/**
 * The output length of the transposed convolution that undoes the shape of
 * convOutputSize({ i: o, k, p, s }): o' = s(i − 1) + k − 2p, plus `a` extra rows
 * (0 ≤ a < s) to reach inputs that the stride's floor had dropped.
 * conv_arithmetic, "transposed convolution arithmetic"; checked against tf.conv2dTranspose.
 */
export function transposedConvOutputSize(sizes: Omit<AxisSizes, "d"> & { a?: number }): number {
  const { i, k, p, s } = checkAxis("transposedConvOutputSize", { ...sizes, d: 1 });
  const a = sizes.a ?? 0;
  checkInteger("transposedConvOutputSize", "a (extra output rows)", a, 0);
  if (a >= s) throw new RangeError(`transposedConvOutputSize: a must be below the stride s = ${s}, got ${a}`);
  const o = s * (i - 1) + k - 2 * p + a;
  if (o < 1) throw new RangeError(`transposedConvOutputSize: output would be ${o} for i = ${i}, k = ${k}, p = ${p}, s = ${s}: padding removes more than the kernel adds`);
  return o;
}

/** Zero padding on every side. */
export function pad2d(input: number[][], padding: number): number[][] {
  const cols = (input[0]?.length ?? 0) + 2 * padding;
  const zeros = () => new Array<number>(cols).fill(0);
  return [
    ...Array.from({ length: padding }, zeros),
    ...input.map((row) => [...new Array<number>(padding).fill(0), ...row, ...new Array<number>(padding).fill(0)]),
    ...Array.from({ length: padding }, zeros),
  ];
}

/**
 * Cross-correlates `input` ([rows][cols]) with `kernel`, recording every step.
 * `conv2d(NOTES_DIGIT, NOTES_KERNEL).output` is the notes' 7×7 feature map.
 */
export function conv2d(input: ArrayLike<ArrayLike<number>>, kernel: ArrayLike<ArrayLike<number>>, options: ConvOptions = {}): FeatureMap {
  const x = checkMatrix2d("conv2d", "input", toRows(input));
  const k = checkMatrix2d("conv2d", "kernel", toRows(kernel));
  const opts = checkConvOptions("conv2d", options);
  const { padding, stride, dilation } = opts;
  const kh = k.length;
  const kw = (k[0] as number[]).length;
  let outH: number;
  let outW: number;
  try {
    outH = convOutputSize({ i: x.length, k: kh, p: padding, s: stride, d: dilation });
    outW = convOutputSize({ i: (x[0] as number[]).length, k: kw, p: padding, s: stride, d: dilation });
  } catch {
    const desc = `${x.length}x${(x[0] as number[]).length} input and a ${kh}x${kw} kernel`;
    const how = padding === 0 ? "without padding" : `with padding ${padding}`;
    throw new RangeError(`conv2d: output would be 0x0 for a ${desc} ${how} (stride ${stride}, dilation ${dilation}); ⌊(i + 2p − k)/s⌋ + 1 < 1\nhelp: add padding or use a smaller kernel`);
  }
  const xp = pad2d(x, padding);
  const steps: ConvStep[] = [];
  const output: number[][] = [];
  for (let r = 0; r < outH; r++) {
    const row: number[] = [];
    for (let c = 0; c < outW; c++) {
      const inRow = r * stride;
      const inCol = c * stride;
      const window = k.map((kRow, a) => kRow.map((_, b) => (xp[inRow + a * dilation] as number[])[inCol + b * dilation] as number));
      const value = window.reduce((s, wRow, a) => s + wRow.reduce((t, v, b) => t + v * ((k[a] as number[])[b] as number), 0), 0);
      steps.push({ outRow: r, outCol: c, inRow, inCol, window, value });
      row.push(value);
    }
    output.push(row);
  }
  return new FeatureMap(output, { input: x, kernel: k, options: opts, steps });
}

function toRows(m: ArrayLike<ArrayLike<number>>): unknown {
  return Array.isArray(m) ? m.map((r) => (Array.isArray(r) || ArrayBuffer.isView(r) ? Array.from(r as ArrayLike<number>) : r)) : m;
}

/** Where a feature map came from (absent for pooled maps). */
export interface ConvProvenance {
  input: number[][];
  kernel: number[][];
  options: Required<ConvOptions>;
  steps: ConvStep[];
}

/**
 * A 2-D result (feature map or pooled map) that displays itself: a heatmap with the numbers
 * in the cells, and as text the grid of numbers.
 */
export class FeatureMap {
  readonly output: number[][];
  readonly provenance: ConvProvenance | undefined;
  readonly title: string;

  constructor(output: number[][], provenance?: ConvProvenance, title?: string) {
    this.output = output;
    this.provenance = provenance;
    this.title = title ?? `Feature map ${output.length}×${output[0]?.length ?? 0}`;
  }

  get shape(): [number, number] {
    return [this.output.length, this.output[0]?.length ?? 0];
  }

  /** The steps as lines: `(r, c) ← window at (i, j): 1·1 + 0·1 + ... = v`. */
  traceText(maxSteps = Infinity): string {
    const steps = this.provenance?.steps ?? [];
    const k = this.provenance?.kernel ?? [];
    const lines = steps.slice(0, maxSteps).map((s) => {
      const terms = s.window.flatMap((row, a) => row.map((v, b) => `${v}·${(k[a] as number[])[b]}`));
      return `out[${s.outRow}][${s.outCol}] ← window at (${s.inRow}, ${s.inCol}): ${terms.join(" + ")} = ${s.value}`;
    });
    if (steps.length > maxSteps) lines.push(`… ${steps.length - maxSteps} more steps`);
    return lines.join("\n");
  }

  toString(): string {
    return `${this.title}\n${gridText(this.output)}`;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    const bundle = heatmap(this.output, { showValues: true, title: this.title })[JUPYTER_DISPLAY]();
    return { ...bundle, "text/plain": this.toString() };
  }
}
