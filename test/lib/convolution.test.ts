import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  avgPool2d, conv2d, convOutputSize, JUPYTER_DISPLAY, learnKernel, maxPool2d, receptiveField, transposedConvOutputSize, NOTES_DIGIT, NOTES_DIGIT_9X10, NOTES_FEATURE_MAP, NOTES_KERNEL,
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
      assert.deepEqual(ours.shape, [convOutputSize({ i: 8, k: 3, p: pad, s: stride, d: dilation }), convOutputSize({ i: 9, k: 2, p: pad, s: stride, d: dilation })]);
    });
  }

  it("output size ⌊(i + 2p − k)/s⌋ + 1, in conv_arithmetic's names", () => {
    assert.equal(convOutputSize({ i: 28, k: 3 }), 26);
    assert.equal(convOutputSize({ i: 9, k: 3 }), 7);
    assert.equal(convOutputSize({ i: 5, k: 3, p: 1, s: 2 }), 3);
    assert.equal(convOutputSize({ i: 7, k: 3, s: 2 }), 3);
    assert.equal(convOutputSize({ i: 7, k: 3, d: 2 }), 3);
  });

  for (const [i, k, p, s, d] of [[7, 3, 0, 1, 2], [9, 3, 1, 1, 3], [12, 2, 0, 1, 5], [10, 3, 2, 1, 4]] as const) {
    it(`dilated: i = ${i}, k = ${k}, p = ${p}, s = ${s}, d = ${d} has tf.conv2d's output size`, () => {
      const x = tf.pad(tf.ones([1, i, i, 1]), [[0, 0], [p, p], [p, p], [0, 0]]) as tf.Tensor4D;
      const out = tf.conv2d(x, tf.ones([k, k, 1, 1]) as tf.Tensor4D, s, "valid", "NHWC", d);
      assert.equal(out.shape[1], convOutputSize({ i, k, p, s, d }));
    });
  }

  for (const [i, k, s, pad] of [[4, 3, 1, "valid"], [3, 3, 2, "valid"], [5, 4, 2, "valid"], [4, 3, 2, "same"], [7, 5, 3, "same"]] as const) {
    it(`transposed: i = ${i}, k = ${k}, s = ${s} ('${pad}') has tf.conv2dTranspose's output size and undoes convOutputSize`, () => {
      // 'valid': o' = s(i − 1) + k; 'same': o' = s·i, which is k − 2p + a with p = ⌊(k − 1)/2⌋ ... handled by a
      const o = pad === "valid" ? s * (i - 1) + k : s * i;
      const out = tf.conv2dTranspose(tf.ones([1, i, i, 1]) as tf.Tensor4D, tf.ones([k, k, 1, 1]) as tf.Tensor4D, [1, o, o, 1], s, pad);
      assert.equal(out.shape[1], o);
      if (pad === "valid") {
        assert.equal(transposedConvOutputSize({ i, k, s }), o);
        assert.equal(convOutputSize({ i: o, k, s }), i, "the forward convolution maps o' back to i");
      }
    });
  }

  it("transposed with padding and a: o' = s(i − 1) + k − 2p + a, the inverse of the forward sizes", () => {
    for (const [i, k, p, s] of [[5, 3, 1, 2], [6, 4, 1, 2], [13, 3, 0, 2], [8, 5, 2, 3]] as const) {
      const o = convOutputSize({ i, k, p, s });
      const a = (i + 2 * p - k) % s;
      assert.equal(transposedConvOutputSize({ i: o, k, p, s, a }), i, `i = ${i}, k = ${k}, p = ${p}, s = ${s}`);
    }
    assert.throws(() => transposedConvOutputSize({ i: 3, k: 3, s: 2, a: 2 }), /a must be below the stride s = 2, got 2/);
    assert.throws(() => transposedConvOutputSize({ i: 1, k: 1, p: 1 }), /output would be -1 for i = 1, k = 1, p = 1, s = 1/);
  });

  it("clear errors: output below 1, empty, ragged, NaN, bad options", () => {
    assert.throws(() => conv2d([[1, 2], [3, 4]], NOTES_KERNEL), /conv2d: output would be 0x0 for a 2x2 input and a 3x3 kernel without padding/);
    assert.throws(() => convOutputSize({ i: 2, k: 5, p: 1 }), /output would be 0 for i = 2 and k = 5 with p = 1, s = 1.*help: pad by at least 2/s);
    assert.throws(() => convOutputSize({ i: 9, k: 3, s: 0 }), /convOutputSize: s \(stride\) must be an integer ≥ 1, got 0/);
    assert.throws(() => convOutputSize({ i: 9.5, k: 3 }), /i \(input size\) must be an integer ≥ 1, got 9.5/);
    assert.throws(() => (convOutputSize as unknown as (...a: number[]) => number)(9, 3), /give the sizes as \{ i, k, p, s \}, got 9/);
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

describe("average pooling", () => {
  for (const [size, stride] of [[2, 2], [2, 1], [3, 2]] as const) {
    it(`${size}×${size}, stride ${stride} = tf.avgPool`, () => {
      const x = rand(7, 8, 11 + size + stride);
      const ours = avgPool2d(x, { size, stride });
      const theirs = tf.avgPool(tf.tensor4d(x.flat(), [1, 7, 8, 1]), size, stride, "valid").squeeze([0, 3]).arraySync() as number[][];
      approx(ours.output, theirs);
    });
  }
  it("errors name the function and the sizes", () => {
    assert.throws(() => avgPool2d([[1, 2]], { size: 2 }), /avgPool2d: a 2x2 window does not fit in a 1x2 input/);
  });
});

describe("learning a kernel", () => {
  it("recovers [1, −1] from d2l's striped image and the edges it makes", () => {
    const image = Array.from({ length: 6 }, () => [1, 1, 0, 0, 0, 0, 1, 1]);
    const edges = conv2d(image, [[1, -1]]).output;
    const learned = learnKernel(image, edges, { shape: [1, 2], lr: 0.03, steps: 60 });
    assert.ok(Math.abs(learned.kernel[0]![0]! - 1) < 1e-3 && Math.abs(learned.kernel[0]![1]! + 1) < 1e-3, `got ${JSON.stringify(learned.kernel)}`);
    assert.equal(learned.losses.length, 61);
    assert.ok(learned.losses[60]! < 1e-5 * learned.losses[0]!);
  });
  it("its loss is tf.conv2d's squared error, and bad shapes are named", () => {
    const image = [[1, 2, 3], [4, 5, 6]];
    const target = [[1, 1], [1, 1]];
    const zeroSteps = learnKernel(image, target, { shape: [1, 2], lr: 0.1, steps: 0, seed: 3 });
    const k = zeroSteps.kernel;
    const ref = conv2d(image, k).output.flat().reduce((s, v, i) => s + (v - target.flat()[i]!) ** 2, 0);
    assert.ok(Math.abs(zeroSteps.losses[0]! - ref) < 1e-4 * Math.max(1, ref));
    assert.throws(() => learnKernel(image, [[1]], { shape: [1, 2], lr: 0.1, steps: 1 }), /a 1x2 kernel on a 2x3 image gives a 2x2 map, but the target is 1x1/);
    assert.throws(() => learnKernel(image, target, { shape: [1, 2], lr: -1, steps: 1 }), /lr must be > 0, got -1/);
  });
});

describe("receptive field", () => {
  // The input pixels an output's gradient reaches, counted with tf.grad through real layers.
  function measured(layers: { k: number; s?: number; d?: number; pool?: boolean }[], size: number): number {
    const g = tf.grad((x: tf.Tensor) => {
      let h = x as tf.Tensor4D;
      for (const { k, s = 1, d = 1, pool } of layers) {
        // a dilated kernel written out: ones every d-th pixel of a k + (k − 1)(d − 1) wide grid (tf has no gradient for dilation)
        const span = k + (k - 1) * (d - 1);
        const taps = Array.from({ length: span }, (_, a) => Array.from({ length: span }, (_, b) => (a % d === 0 && b % d === 0 ? 1 : 0)));
        h = pool ? tf.avgPool(h, k, s, "valid") : tf.conv2d(h, tf.tensor4d(taps.flat(), [span, span, 1, 1]), s, "valid");
      }
      return h.slice([0, 0, 0, 0], [1, 1, 1, 1]).sum();
    })(tf.ones([1, size, size, 1]));
    const row = (g.squeeze().arraySync() as number[][])[0]!;
    const reached = row.flatMap((v, c) => (v !== 0 ? [c] : []));
    return reached.at(-1)! - reached[0]! + 1;   // the span: a dilated kernel leaves holes inside it
  }
  for (const layers of [
    [{ k: 3 }],
    [{ k: 3 }, { k: 3 }],
    [{ k: 3 }, { k: 2, s: 2, pool: true }, { k: 3 }],
    [{ k: 5, s: 2 }, { k: 3, s: 2 }, { k: 3 }],
    [{ k: 3, d: 2 }, { k: 3, d: 4 }],
  ]) {
    it(`${JSON.stringify(layers)}: the formula counts what tf.grad reaches`, () => {
      assert.equal(receptiveField(layers), measured(layers, 40));
    });
  }
  it("the course CNN's Conv2D 3×3 and MaxPooling 2×2 stride 1 see 4×4 pixels; errors name the layer", () => {
    assert.equal(receptiveField([{ k: 3 }, { k: 2 }]), 4);
    assert.equal(receptiveField([]), 1);
    assert.throws(() => receptiveField([{ k: 3 }, { k: 0 }]), /receptiveField: layers\[1\].k must be an integer ≥ 1, got 0/);
  });
});
