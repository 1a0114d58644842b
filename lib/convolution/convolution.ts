import { checkInteger, checkMatrix2d } from "../notebook/check-numbers.js";
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
 * The output length along one axis: ⌊(i + 2p − k)/s⌋ + 1, where a dilated kernel spans
 * k' = d(k − 1) + 1 inputs. Throws when it is below 1.
 */
export function convOutputSize(input: number, kernel: number, options: ConvOptions = {}): number {
  const { padding, stride, dilation } = checkConvOptions("convOutputSize", options);
  checkInteger("convOutputSize", "input size", input, 1);
  checkInteger("convOutputSize", "kernel size", kernel, 1);
  const span = dilation * (kernel - 1) + 1;
  const size = Math.floor((input + 2 * padding - span) / stride) + 1;
  if (size < 1) {
    throw new RangeError(
      `convOutputSize: output would be ${size < 0 ? 0 : size} for an input of ${input} and a kernel of ${kernel}` +
        `${dilation > 1 ? ` (dilated to ${span})` : ""} with padding ${padding}, stride ${stride}: ⌊(${input} + 2·${padding} − ${span})/${stride}⌋ + 1 = ${size}` +
        `\nhelp: pad by at least ${Math.ceil((span - input) / 2)} or use a smaller kernel`,
    );
  }
  return size;
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
    outH = convOutputSize(x.length, kh, opts);
    outW = convOutputSize((x[0] as number[]).length, kw, opts);
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
