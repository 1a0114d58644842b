// The native convolutions, pooling, bias kernels, Identity and Gather (native/conv.c, pool.c,
// rows.c; lib/backend/kernels/) against tfjs's CPU backend: values and gradients across
// shapes, strides, padding, dilations, channel counts and batch sizes, with the addon and
// without it (tfjs's and tsdl's WASM kernels). Each native case also checks that the addon
// really ran it.
import assert from "node:assert/strict";
import { tf } from "../../lib/index.js";
import { nativeAddon, type NativeAddon } from "../../lib/backend/native/addon.js";
import { assertSameOnWasmAndCpu, countCalls, describeWithAndWithoutAddon, random } from "./compare-backends.js";

type Pad = "valid" | "same" | number;
interface ConvCase { x: number[]; filter: number[]; strides: number | [number, number]; pad: Pad; dilations?: number | [number, number] }

// in_c ≤ 4 with a multiple of 16 filters runs the direct loops; the others the patch matrix.
const convCases: ConvCase[] = [
  { x: [16, 28, 28, 1], filter: [3, 3, 1, 16], strides: 1, pad: "valid" }, // the course CNN (direct)
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 16], strides: 1, pad: "same" }, // batch of one, borders (direct)
  { x: [3, 9, 8, 3], filter: [3, 2, 3, 32], strides: [2, 1], pad: "same" }, // RGB, strides (direct)
  { x: [2, 10, 10, 2], filter: [3, 3, 2, 16], strides: 1, pad: "valid", dilations: 2 }, // dilated (direct)
  { x: [2, 7, 6, 2], filter: [2, 3, 2, 5], strides: 2, pad: "valid" }, // 5 filters: patch matrix
  { x: [2, 8, 9, 6], filter: [3, 3, 6, 8], strides: [2, 1], pad: "same" }, // 6 channels: patch matrix
  { x: [2, 6, 6, 5], filter: [3, 3, 5, 3], strides: 3, pad: 1 }, // explicit padding
  { x: [3, 9, 9, 8], filter: [3, 3, 8, 4], strides: 1, pad: "same", dilations: [2, 1] },
  { x: [4, 20, 20, 8], filter: [5, 5, 8, 16], strides: 3, pad: "same" }, // a wider filter, more channels
];

const poolCases: { x: number[]; size: number | [number, number]; strides: number | [number, number]; pad: Pad }[] = [
  { x: [16, 26, 26, 16], size: 2, strides: 1, pad: "valid" }, // the course CNN
  { x: [1, 5, 5, 1], size: 2, strides: 2, pad: "valid" },
  { x: [2, 7, 6, 3], size: 3, strides: 2, pad: "same" }, // windows past the edge
  { x: [3, 6, 8, 70], size: [2, 3], strides: [1, 2], pad: "valid" }, // more channels than one pass tracks
];

function convFigures(c: ConvCase, seed: number): tf.Tensor[] {
  const x = random(c.x, seed) as tf.Tensor4D;
  const filter = random(c.filter, seed + 1) as tf.Tensor4D;
  const conv = (xx: tf.Tensor, ff: tf.Tensor) =>
    tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, c.strides, c.pad, "NHWC", c.dilations ?? 1);
  const y = conv(x, filter);
  const weights = random(y.shape, seed + 2);
  if (c.dilations !== undefined && c.dilations !== 1) return [y]; // tfjs has no gradients for dilated convolutions
  const [dx, dFilter] = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => conv(xx, ff).mul(weights).sum())([x, filter]);
  return [y, dx!, dFilter!];
}

function checkAll(native: boolean): void {
  const suffix = native ? "" : ", no addon";
  const expectCalls = (name: keyof NativeAddon, f: () => void, least = 1) => {
    if (!native) return f();
    const calls = countCalls(nativeAddon()!, f, name);
    assert.ok(calls >= least, `${name} ran natively ${calls} times, expected at least ${least}`);
  };
  for (const [i, c] of convCases.entries()) {
    const dilated = c.dilations !== undefined && c.dilations !== 1;
    it(`conv2d x ${c.x.join("×")}, filter ${c.filter.join("×")}, strides ${c.strides}, pad ${c.pad}`
      + `${dilated ? `, dilations ${c.dilations}` : ", with gradients"}${suffix}`, () => {
      const run = () => assertSameOnWasmAndCpu(`conv case ${i}`, () => convFigures(c, 300 + 10 * i));
      if (dilated) expectCalls("conv2d", run);
      else expectCalls("conv2d", () => expectCalls("conv2dBackpropFilter", () => expectCalls("conv2dBackpropInput", run)));
    });
  }
  for (const [i, c] of poolCases.entries()) {
    it(`maxPool x ${c.x.join("×")}, pool ${c.size}, strides ${c.strides}, pad ${c.pad}, with its gradient${suffix}`, () => {
      expectCalls("maxPool", () => expectCalls("maxPoolGrad", () => assertSameOnWasmAndCpu(`pool case ${i}`, () => {
        const x = random(c.x, 400 + i) as tf.Tensor4D;
        const weights = random(tf.maxPool(x, c.size, c.strides, c.pad).shape, 410 + i);
        const dx = tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, c.size, c.strides, c.pad).mul(weights).sum())(x);
        return [tf.maxPool(x, c.size, c.strides, c.pad), dx];
      })));
    });
  }
  it(`a layer's bias: x + b for b of one value per channel (either side, leading 1s), and its gradient${suffix}`, () => {
    expectCalls("addRow", () => expectCalls("sumRows", () => assertSameOnWasmAndCpu("bias", () => {
      const x = random([4, 5, 6, 16], 500);
      const b = random([16], 501);
      const weights = random(x.shape, 502);
      const [dx, db] = tf.grads((xx: tf.Tensor, bb: tf.Tensor) => xx.add(bb).mul(weights).sum())([x, b]);
      return [x.add(b), b.reshape([1, 1, 1, 16]).add(x), random([7, 3], 503).add(random([1, 3], 504)), dx!, db!];
    })), 3);
  });
  it(`sums over leading axes, with and without keepDims; other sums and adds fall back${suffix}`, () => {
    assertSameOnWasmAndCpu("sums", () => {
      const x = random([3, 4, 5], 510);
      return [x.sum([0, 1]), x.sum([1, 0], true), x.sum(0), x.sum(-1), x.sum(), x.add(random([4, 5], 511)),
        x.add(random([3, 1, 1], 512)), x.add(1), tf.tensor1d([1, 2], "int32").add(tf.tensor1d([3, 4], "int32"))];
    });
  });
  it(`Identity shares memory and clones stay correct after the original is freed${suffix}`, () => {
    assertSameOnWasmAndCpu("identity", () => {
      const x = random([6, 7], 520);
      const copy = tf.clone(x);
      const keep = tf.keep(copy.add(0));
      x.dispose();
      return [copy, keep, tf.grad((a: tf.Tensor) => a.mul(2).sum())(random([3], 521))];
    });
  });
  it(`gathers rows (as model.fit cuts batches), other axes and types, and names a bad index${suffix}`, () => {
    assertSameOnWasmAndCpu("gather", () => {
      const x = random([10, 3, 4], 530);
      const rows = tf.tensor1d([9, 0, 4, 4], "int32");
      return [tf.gather(x, rows), tf.gather(x, tf.tensor1d([2, 1], "int32"), 1),
        tf.gather(tf.tensor2d([[1, 2], [3, 4]], [2, 2], "int32"), tf.tensor1d([1], "int32")).cast("float32"),
        tf.gather(x, tf.tensor2d([[1, 2], [3, 0]], [2, 2], "int32"))];
    });
    tf.setBackend("wasm");
    const x = tf.zeros([3, 2]);
    assert.throws(() => tf.gather(x, tf.tensor1d([1, 3], "int32")), /GatherV2: the index value 3 is not in \[0, 2\]/);
    x.dispose();
  });
}

describeWithAndWithoutAddon("Native convolutions, pooling and bias kernels, checked against the CPU backend", 180_000, () => {
  checkAll(true);

  it("refuses geometry that reaches past the heap, naming the argument", () => {
    const addon = nativeAddon()!;
    const heap = new Float32Array(new SharedArrayBuffer(1000 * 4));
    const geometry = [1, 10, 10, 1, 8, 8, 16, 3, 3, 1, 1, 1, 1, 0, 0]; // y needs 8·8·16 = 1,024 floats
    assert.throws(() => addon.conv2d(heap, 0, 100, 200, ...geometry), /conv2d: argument 4 \(1024 floats at 200\) reaches past the end of the heap \(1000 floats\)/);
    assert.throws(() => addon.maxPool(heap, 0, 500, 10, 10, 1, 9, 9, 1, 1, 2, 2, 0, 0, 0), /maxPool: argument 15 must be at least 1, got 0/);
    assert.throws(() => (addon.sumRows as (...args: unknown[]) => void)(heap, 0, 10), /sumRows: expected 5 arguments, got 3/);
  });
}, { title: "with the addon switched off (tfjs's and tsdl's WASM kernels)", body: () => checkAll(false) });
