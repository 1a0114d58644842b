// The optional native addon (native/*.c, on the WASM heap): that it loads, what it refuses,
// and its matrix products (OpenBLAS) against tfjs's CPU backend, over every shape,
// transposition, batch and broadcast the kernels plan for, with and without the addon.
// The convolutions, pooling and bias kernels are checked in native-conv-pool.test.ts.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { adam, tf } from "../../lib/index.js";
import { nativeAddon } from "../../lib/backend/native/addon.js";
import { ADDON, assertSameOnWasmAndCpu, countCalls, describeWithAndWithoutAddon, random } from "./compare-backends.js";

const matMulCases: { a: number[]; b: number[]; tA: boolean; tB: boolean; noGrads?: true }[] = [
  { a: [4, 6], b: [6, 5], tA: false, tB: false },
  { a: [6, 4], b: [6, 5], tA: true, tB: false },
  { a: [4, 6], b: [5, 6], tA: false, tB: true },
  { a: [6, 4], b: [5, 6], tA: true, tB: true },
  { a: [1, 7], b: [3, 7], tA: false, tB: true }, // a single row
  { a: [3, 4, 6], b: [3, 5, 6], tA: false, tB: true }, // batched
  { a: [2, 3, 6, 4], b: [2, 3, 6, 5], tA: true, tB: false }, // two batch axes
  { a: [1, 6, 4], b: [3, 6, 5], tA: true, tB: false, noGrads: true }, // one A against three Bs
  { a: [3, 4, 6], b: [6, 5], tA: false, tB: false, noGrads: true }, // three As against one B
  { a: [2, 1, 4, 6], b: [1, 3, 6, 5], tA: false, tB: false, noGrads: true }, // crossed broadcast: the WASM route
  { a: [128, 1000], b: [1000, 64], tA: false, tB: false }, // a Dense layer, smaller
  { a: [16, 4100], b: [4100, 300], tA: false, tB: false }, // long k
  { a: [4100, 16], b: [4100, 300], tA: true, tB: false },
];

// Gradients only with ReLU: with "linear", tfjs's own fused gradient trips the engine's
// leak check (IS_TEST), with or without the addon. tfjs 4.22's WASM kernel gets products
// with a bias wrong when they are batched or both operands transposed (by up to O(1)
// here): those cases run only with the addon.
const fusedCases: {
  a: number[]; b: number[]; tA: boolean; tB: boolean; bias: boolean; activation: tf.fused.Activation; grads: boolean; nativeOnly?: true;
}[] = [
  { a: [8, 12], b: [12, 5], tA: false, tB: false, bias: true, activation: "relu", grads: true }, // a Dense layer's forward pass
  { a: [8, 12], b: [12, 5], tA: false, tB: false, bias: false, activation: "linear", grads: false },
  { a: [8, 12], b: [12, 5], tA: false, tB: false, bias: true, activation: "linear", grads: false }, // the output layer
  { a: [12, 8], b: [5, 12], tA: true, tB: true, bias: true, activation: "relu", grads: true, nativeOnly: true },
  { a: [2, 8, 12], b: [2, 12, 5], tA: false, tB: false, bias: true, activation: "relu", grads: true, nativeOnly: true }, // batched
  { a: [8, 12], b: [12, 5], tA: false, tB: false, bias: true, activation: "elu", grads: true }, // tfjs's kernel
];

function checkAll(suffix: string, native: boolean): void {
  for (const [i, c] of matMulCases.entries()) {
    it(`${c.a.join("×")}${c.tA ? "ᵀ" : ""} · ${c.b.join("×")}${c.tB ? "ᵀ" : ""}${c.noGrads ? "" : ", with gradients"}${suffix}`, () => {
      assertSameOnWasmAndCpu(`case ${i}`, () => {
        const a = random(c.a, 140 + i);
        const b = random(c.b, 150 + i);
        const product = tf.matMul(a, b, c.tA, c.tB);
        if (c.noGrads) return product;
        const weights = random(product.shape, 160 + i);
        const [da, db] = tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.matMul(aa, bb, c.tA, c.tB).mul(weights).sum())([a, b]);
        return [product, da!, db!];
      });
    });
  }
  for (const [i, c] of fusedCases.entries()) {
    if (c.nativeOnly && !native) continue;
    it(`fused ${c.a.join("×")}${c.tA ? "ᵀ" : ""} · ${c.b.join("×")}${c.tB ? "ᵀ" : ""}${c.bias ? " + bias" : ""}, ${c.activation}${suffix}`, () => {
      assertSameOnWasmAndCpu(`fused case ${i}`, () => {
        const a = random(c.a, 170 + i);
        const b = random(c.b, 180 + i);
        const n = c.tB ? c.b[c.b.length - 2]! : c.b[c.b.length - 1]!;
        const bias = c.bias ? random([n], 190 + i) : undefined;
        const f = (aa: tf.Tensor, bb: tf.Tensor) => tf.fused.matMul({
          a: aa, b: bb, transposeA: c.tA, transposeB: c.tB, activation: c.activation, ...(bias ? { bias } : {}),
        });
        const product = f(a, b);
        if (!c.grads) return product;
        const weights = random(product.shape, 200 + i);
        const [da, db] = tf.grads((aa: tf.Tensor, bb: tf.Tensor) => f(aa, bb).mul(weights).sum())([a, b]);
        return [product, da!, db!];
      });
    });
  }
}

describeWithAndWithoutAddon("Native kernels: the addon and its matrix products", 120_000, () => {
  it("loads the built addon (OpenBLAS, every core)", () => {
    const blas = nativeAddon();
    assert.ok(blas, `${ADDON} exists but did not load`);
    assert.equal(blas.gemm().library, "OpenBLAS");
    assert.equal(blas.threads(), availableParallelism());
  });

  it("runs matMul, its gradients and a Dense layer's fused forward pass through sgemm", () => {
    const blas = nativeAddon()!;
    tf.setBackend("wasm");
    const calls = countCalls(blas, () => tf.tidy(() => {
      const a = random([4, 6], 1);
      const b = random([6, 5], 2);
      tf.matMul(a, b).dataSync();
      tf.matMul(b, a, true, true).dataSync(); // [6,5]ᵀ·[4,6]ᵀ
      tf.fused.matMul({ a, b, bias: random([5], 3), activation: "relu" }).dataSync();
    }));
    assert.equal(calls, 3);
  });

  it("runs adam()'s fused step in C (its values are checked in fused-adam.test.ts)", () => {
    const blas = nativeAddon()!;
    tf.setBackend("wasm");
    const w = tf.variable(random([300, 7], 4));
    const optimizer = adam({ lr: 0.01 });
    const before = w.dataSync().slice();
    const calls = countCalls(blas, () => optimizer.minimize(() => w.square().sum()), "adam");
    assert.equal(calls, 1);
    const after = w.dataSync();
    assert.ok(after.every((x, i) => Math.abs(x - before[i]!) > 0.009 && Math.abs(x - before[i]!) < 0.0101), "each weight moves by lr");
    optimizer.dispose();
    w.dispose();
  });

  it("runs MaxPoolGrad in C (its values are checked in wasm-kernels.test.ts, with and without the addon)", () => {
    const blas = nativeAddon()!;
    tf.setBackend("wasm");
    const x = random([2, 6, 6, 3], 5) as tf.Tensor4D;
    const calls = countCalls(blas, () => {
      tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, 2, 1, "valid").sum())(x).dataSync());
    }, "maxPoolGrad");
    assert.equal(calls, 1);
    x.dispose();
  });

  it("flushes denormals inside its kernels, and leaves Node's own arithmetic as it was", () => {
    const blas = nativeAddon()!;
    const heap = new Float32Array(new SharedArrayBuffer(64 * 4));
    const tiny = 1e-39; // a float32 denormal, as Adam's moments of a weight with a zero gradient become
    heap.set([1, tiny, tiny, 0], 0); // w, g, m, v
    // adam(w0=0, g=1, m0=2, v0=3 → w1=8, m1=9, v1=10): m1 = 0.9·m0 + 0.1·g is denormal, so 0.
    blas.adam(heap, 0, 1, 2, 3, 8, 9, 10, 1, 0.001, 0.9, 0.999, 1e-7, 0.1, 0.001);
    assert.equal(heap[9], 0, `m1 is ${heap[9]}: denormals were not flushed`);
    assert.equal(heap[8], 1, "w moves by a flushed step: not at all");
    let x = 1e-310; // a float64 denormal: V8's arithmetic must still keep it
    x *= 1.5;
    assert.ok(x > 0 && x < 2e-310, `Node's arithmetic flushed a denormal (${x}) after a native call`);
  });

  it("sgemm refuses an operand that reaches past the heap", () => {
    const blas = nativeAddon()!;
    const heap = new Float32Array(new SharedArrayBuffer(64 * 4));
    assert.throws(() => blas.sgemm(heap, 0, 0, 62, 2, 2, 2, 0, 0, 1, 0, 1, 0, 0, 0), /past the end of the heap/);
    heap.set([1, 2, 3, 4], 0); // [[1,2],[3,4]]ᵀ·[[1,2],[3,4]] = [[10,14],[14,20]]
    blas.sgemm(heap, 0, 0, 8, 2, 2, 2, 1, 0, 1, 0, 1, 0, 0, 0);
    assert.deepEqual([...heap.subarray(8, 12)], [10, 14, 14, 20]);
  });

  checkAll("", true);
}, {
  title: "with the addon switched off (the WASM kernels)",
  body: () => {
    it("leaves the products to the WASM kernels", () => {
      assert.equal(nativeAddon(), undefined);
    });

    checkAll(", no addon", false);
  },
});
