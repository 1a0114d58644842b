import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  conv2d, convOutputSize, JUPYTER_DISPLAY, maxPool2d, NOTES_DIGIT, NOTES_DIGIT_9X10, NOTES_FEATURE_MAP, NOTES_KERNEL,
} from "../../lib/index.js";

const rand = (rows: number, cols: number, seed: number) =>
  (tf.randomUniform([rows, cols], -2, 2, "float32", seed).arraySync() as number[][]).map((r) => r.map((v) => Math.round(v * 4) / 4));

// The reference pads with tf.pad and convolves 'valid': tf.conv2d's numeric `pad` sizes the
// output from the kernel's height alone (wrong for the non-square kernels tested here).
function tfConv(x: number[][], k: number[][], pad: number, stride: number, dilation: number): number[][] {
  const input = tf.pad(tf.tensor4d(x.flat(), [1, x.length, x[0]!.length, 1]), [[0, 0], [pad, pad], [pad, pad], [0, 0]]); // [batch, h, w, 1]
  const filter = tf.tensor4d(k.flat(), [k.length, k[0]!.length, 1, 1]); // [kh, kw, in, out]
  const out = tf.conv2d(input as tf.Tensor4D, filter, stride, "valid", "NHWC", dilation);
  return (out.squeeze([0, 3]).arraySync() as number[][]);
}

const approx = (a: number[][], b: number[][]) => {
  assert.equal(a.length, b.length);
  a.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - b[r]![c]!) < 1e-4, `[${r}][${c}] ${v} vs ${b[r]![c]}`)));
};

describe("convolution arithmetic", () => {
  it("the notes' 9×9 digit and 3×3 kernel give exactly the notes' 7×7 map", () => {
    const map = conv2d(NOTES_DIGIT, NOTES_KERNEL);
    assert.deepEqual(map.output, NOTES_FEATURE_MAP);
    approx(map.output, tfConv(NOTES_DIGIT as number[][], NOTES_KERNEL as number[][], 0, 1, 1));
  });

  it("the notes' 9×10 grid does not (it gives a 7×8 map)", () => {
    const other = conv2d(NOTES_DIGIT_9X10, NOTES_KERNEL);
    assert.deepEqual(other.shape, [7, 8]);
    assert.deepEqual(other.output[3], [0, 1, 2, 2, 1, 1, 0, 0]);
  });

  it("text/plain shows the grid of numbers", () => {
    const text = conv2d(NOTES_DIGIT, NOTES_KERNEL)[JUPYTER_DISPLAY]()["text/plain"] as string;
    assert.match(text, /^Feature map 7×7\n1 1 1 1 1 1 0\n1 2 3 3 5 2 1\n0 0 0 2 2 1 1\n0 0 2 3 1 1 0\n0 2 3 2 2 1 0\n1 3 2 2 1 0 0\n2 2 2 1 0 0 0$/);
  });

  it("step trace: each window, its dot product, where it lands", () => {
    const map = conv2d(NOTES_DIGIT, NOTES_KERNEL);
    const steps = map.provenance!.steps;
    assert.equal(steps.length, 49);
    const s = steps.find((t) => t.outRow === 1 && t.outCol === 4)!;
    assert.deepEqual(s.window, [[1, 1, 1], [0, 0, 1], [0, 1, 0]]);
    assert.equal(s.value, 5);
    assert.match(map.traceText(), /out\[1\]\[4\] ← window at \(1, 4\): 1·1 \+ 1·1 \+ 1·1 \+ 0·0 \+ 0·0 \+ 1·1 \+ 0·0 \+ 1·1 \+ 0·0 = 5/);
  });

  for (const [pad, stride, dilation] of [[0, 1, 1], [1, 1, 1], [2, 1, 1], [0, 2, 1], [1, 3, 1], [0, 1, 2], [1, 1, 3]] as const) {
    it(`random 8×9 input, 3×2 kernel, padding ${pad}, stride ${stride}, dilation ${dilation} = tf.conv2d`, () => {
      const x = rand(8, 9, 1 + pad + 10 * stride + 100 * dilation);
      const k = rand(3, 2, 5);
      const ours = conv2d(x, k, { padding: pad, stride, dilation });
      approx(ours.output, tfConv(x, k, pad, stride, dilation));
      assert.deepEqual(ours.shape, [convOutputSize(8, 3, { padding: pad, stride, dilation }), convOutputSize(9, 2, { padding: pad, stride, dilation })]);
    });
  }

  it("output size ⌊(i + 2p − k)/s⌋ + 1", () => {
    assert.equal(convOutputSize(28, 3), 26);
    assert.equal(convOutputSize(9, 3), 7);
    assert.equal(convOutputSize(5, 3, { padding: 1, stride: 2 }), 3);
    assert.equal(convOutputSize(7, 3, { stride: 2 }), 3);
    assert.equal(convOutputSize(7, 3, { dilation: 2 }), 3);
  });

  it("clear errors: output below 1, empty, ragged, NaN, bad options", () => {
    assert.throws(() => conv2d([[1, 2], [3, 4]], NOTES_KERNEL), /conv2d: output would be 0x0 for a 2x2 input and a 3x3 kernel without padding/);
    assert.throws(() => convOutputSize(2, 5, { padding: 1 }), /output would be 0 for an input of 2 and a kernel of 5 with padding 1.*help: pad by at least 2/s);
    assert.throws(() => conv2d([], NOTES_KERNEL), /conv2d: input must be a non-empty array of rows/);
    assert.throws(() => conv2d([[1, 2, 3], [1, 2]], [[1]]), /input is ragged: row 1 has 2 values, row 0 has 3/);
    assert.throws(() => conv2d([[1, NaN]], [[1]]), /input\[0\]\[1\] must be a finite number, got NaN/);
    assert.throws(() => conv2d(NOTES_DIGIT, NOTES_KERNEL, { stride: 0 }), /stride must be an integer ≥ 1, got 0/);
    assert.throws(() => conv2d(NOTES_DIGIT, NOTES_KERNEL, { padding: -1 }), /padding must be an integer ≥ 0, got -1/);
  });
});

describe("max pooling", () => {
  for (const stride of [1, 2]) {
    it(`2×2 with stride ${stride} = tf.maxPool (the notes' model uses stride 1)`, () => {
      const x = rand(7, 6, 3 + stride);
      const ours = maxPool2d(x, { size: 2, stride });
      const theirs = tf.maxPool(tf.tensor4d(x.flat(), [1, 7, 6, 1]), 2, stride, "valid").squeeze([0, 3]).arraySync() as number[][];
      approx(ours.output, theirs);
    });
  }

  it("26×26 → 25×25 with stride 1 (the notes' model), the feature map → 6×6 with stride 1", () => {
    assert.deepEqual(maxPool2d(rand(26, 26, 1), { size: 2, stride: 1 }).shape, [25, 25]);
    assert.deepEqual(maxPool2d(NOTES_FEATURE_MAP, { size: 2, stride: 1 }).output[0], [2, 3, 3, 5, 5, 2]);
  });

  it("errors name the sizes", () => {
    assert.throws(() => maxPool2d([[1]], { size: 2 }), /a 2x2 window does not fit in a 1x1 input/);
    assert.throws(() => maxPool2d([[1, 2]], { size: 0 }), /size must be an integer ≥ 1, got 0/);
    assert.throws(() => maxPool2d([]), /input must be a non-empty array of rows/);
  });
});
