// tsdl's WASM kernels (Conv2DBackpropFilter, BatchMatMul, MaxPoolGrad) against tfjs's CPU
// backend: values and gradients, over shapes that hit every branch.
import assert from "node:assert/strict";
import { ensureBackend, shutdownBackend, tf } from "../../lib/index.js";
import { assertSameOnWasmAndCpu, random } from "./compare-backends.js";

describe("WASM kernels, checked against the CPU backend", function () {
  this.timeout(120_000);
  before(async () => {
    assert.equal(await ensureBackend({ force: "wasm" }), "wasm");
  });
  after(async () => shutdownBackend());

  it("registers the kernels tfjs 4.22 lacks or runs slowly on WASM", () => {
    for (const name of [tf.Conv2DBackpropFilter, tf.BatchMatMul, tf.MaxPoolGrad]) {
      assert.ok(tf.getKernel(name, "wasm"), `no ${name} kernel on wasm`);
    }
  });

  describe("Conv2DBackpropFilter (the filter gradient of conv2d)", () => {
    const cases: { x: number[]; filter: number[]; strides: number | [number, number]; pad: "valid" | "same" | number }[] = [
      { x: [16, 28, 28, 1], filter: [3, 3, 1, 16], strides: 1, pad: "valid" }, // the course CNN (16 images: the CPU reference is slow)
      { x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: 1, pad: "valid" }, // batch of one
      { x: [3, 7, 6, 2], filter: [2, 3, 2, 4], strides: 2, pad: "valid" }, // stride 2, rows left over
      { x: [2, 8, 9, 3], filter: [3, 3, 3, 5], strides: [2, 1], pad: "same" },
      { x: [2, 6, 6, 2], filter: [3, 3, 2, 3], strides: 3, pad: "same" },
      { x: [2, 5, 7, 1], filter: [1, 1, 1, 2], strides: 1, pad: 1 },
      { x: [4, 20, 20, 8], filter: [5, 5, 8, 3], strides: 3, pad: "same" }, // a wider filter, more channels
    ];
    for (const [i, c] of cases.entries()) {
      it(`x ${c.x.join("×")}, filter ${c.filter.join("×")}, strides ${c.strides}, pad ${c.pad}`, () => {
        assertSameOnWasmAndCpu(`case ${i}`, () => {
          const x = random(c.x, 10 + i) as tf.Tensor4D;
          const filter = random(c.filter, 20 + i) as tf.Tensor4D;
          const weights = random(tf.conv2d(x, filter, c.strides, c.pad).shape, 30 + i);
          const loss = (ff: tf.Tensor) => tf.conv2d(x, ff as tf.Tensor4D, c.strides, c.pad).mul(weights).sum();
          return [tf.conv2d(x, filter, c.strides, c.pad), tf.grad(loss)(filter)];
        });
      });
    }

    it("refuses NCHW with a message that says so", () => {
      tf.setBackend("wasm");
      const x = tf.zeros([1, 4, 4, 1]);
      const dy = tf.zeros([1, 2, 2, 1]);
      assert.throws(
        () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
          strides: 1, pad: "valid", dataFormat: "NCHW", filterShape: [3, 3, 1, 1],
        }),
        /dataFormat 'NCHW' is not supported/,
      );
      tf.dispose([x, dy]);
    });
  });

  describe("BatchMatMul (all transposes reach XNNPACK)", () => {
    const cases: { a: number[]; b: number[]; tA: boolean; tB: boolean; noGrads?: true }[] = [
      { a: [4, 6], b: [6, 5], tA: false, tB: false },
      { a: [6, 4], b: [6, 5], tA: true, tB: false },
      { a: [4, 6], b: [5, 6], tA: false, tB: true },
      { a: [6, 4], b: [5, 6], tA: true, tB: true },
      { a: [128, 300], b: [40, 300], tA: false, tB: true }, // big B: transposes the result instead
      { a: [300, 128], b: [300, 40], tA: true, tB: false },
      { a: [1, 7], b: [3, 7], tA: false, tB: true }, // a single row
      { a: [3, 4, 6], b: [3, 5, 6], tA: false, tB: true }, // batched
      { a: [1, 6, 4], b: [3, 6, 5], tA: true, tB: false, noGrads: true }, // broadcast batch (tfjs has no gradient for it)
      { a: [16, 4100], b: [4100, 300], tA: false, tB: false }, // long k: blocked, last block short
      { a: [4100, 16], b: [4100, 300], tA: true, tB: false },
    ];
    for (const [i, c] of cases.entries()) {
      it(`${c.a.join("×")}${c.tA ? "ᵀ" : ""} · ${c.b.join("×")}${c.tB ? "ᵀ" : ""}${c.noGrads ? "" : ", with gradients"}`, () => {
        assertSameOnWasmAndCpu(`case ${i}`, () => {
          const a = random(c.a, 40 + i);
          const b = random(c.b, 50 + i);
          const product = tf.matMul(a, b, c.tA, c.tB);
          if (c.noGrads) return product;
          const weights = random(product.shape, 60 + i);
          const [da, db] = tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.matMul(aa, bb, c.tA, c.tB).mul(weights).sum())([a, b]);
          return [product, da!, db!];
        });
      });
    }
  });

  describe("MaxPoolGrad", () => {
    const cases: { x: number[]; size: number | [number, number]; strides: number | [number, number]; pad: "valid" | "same" }[] = [
      { x: [128, 26, 26, 16], size: 2, strides: 1, pad: "valid" }, // the course CNN
      { x: [1, 5, 5, 1], size: 2, strides: 2, pad: "valid" }, // batch of one, a row left over
      { x: [2, 7, 6, 3], size: 3, strides: 2, pad: "same" }, // windows past the edge
      { x: [3, 6, 8, 2], size: [2, 3], strides: [1, 2], pad: "valid" },
      { x: [2, 4, 4, 5], size: 4, strides: 1, pad: "same" },
    ];
    for (const [i, c] of cases.entries()) {
      it(`x ${c.x.join("×")}, pool ${c.size}, strides ${c.strides}, pad ${c.pad}`, () => {
        assertSameOnWasmAndCpu(`case ${i}`, () => {
          const x = random(c.x, 70 + i) as tf.Tensor4D;
          const weights = random(tf.maxPool(x, c.size, c.strides, c.pad).shape, 80 + i);
          const dx = tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, c.size, c.strides, c.pad).mul(weights).sum())(x);
          return [tf.maxPool(x, c.size, c.strides, c.pad), dx];
        });
      });
    }

    it("breaks ties like the CPU backend (first maximum in the window), as after a ReLU", () => {
      assertSameOnWasmAndCpu("ties", () => {
        const x = tf.relu(tf.round(random([2, 6, 6, 4], 90).mul(2))) as tf.Tensor4D; // many equal values
        const weights = random([2, 5, 5, 4], 91);
        return tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, 2, 1, "valid").mul(weights).sum())(x);
      }, 1e-6); // where a window sends its gradient: a wrong choice would be off by O(1)
    });
  });
});
