import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { nativeAddon } from "../native/addon.js";
import { K_BLOCKED_FROM, kBlockedMatMul } from "./k-blocked-mat-mul.js";
import { nativeMatMul } from "./native-mat-mul.js";
import { release, swapLastTwo } from "./wasm-calls.js";

/**
 * `BatchMatMul` for WASM that always reaches XNNPACK. tfjs's WASM kernel sends a product
 * with a transposed operand to a scalar loop (~15× slower), and that is exactly what
 * Dense-layer gradients ask for (`dy·Wᵀ`, `xᵀ·dy`). Here the transposes are done first,
 * by the cheaper of two routes, and the product itself runs untransposed:
 * - transpose the flagged operands: `op(A)·op(B)`;
 * - or compute the transposed product `op(B)ᵀ·op(A)ᵀ` and transpose the result,
 *   which moves fewer numbers when the flagged operand is the big one (`dy·Wᵀ` with a
 *   10,000×512 `W` becomes `(W·dyᵀ)ᵀ`).
 * When the native BLAS addon is loaded (native/addon.ts), OpenBLAS runs the product
 * instead, in place on the heap, transposes as sgemm flags.
 */
export function createBatchMatMul(original: tf.KernelConfig): tf.KernelConfig {
  const untransposed = (backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo => {
    const k = a.shape[a.shape.length - 1]!;
    const single = a.shape.length === 2 && b.shape.length === 2;
    if (single && k >= K_BLOCKED_FROM) {
      return kBlockedMatMul(backend, a, b, (x, y) => callOriginal(original, backend, x, y));
    }
    return callOriginal(original, backend, a, b);
  };
  return {
    kernelName: tf.BatchMatMul,
    backendName: "wasm",
    ...(original.setupFunc === undefined ? {} : { setupFunc: original.setupFunc }),
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA = false, transposeB = false } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
      const wasm = backend as BackendWasm;
      const blas = nativeAddon();
      const native = blas === undefined ? undefined : nativeMatMul(blas, wasm, a, b, transposeA, transposeB);
      if (native !== undefined) return native;
      if (!transposeA && !transposeB) return untransposed(wasm, a, b);
      const sizeA = tf.util.sizeFromShape(a.shape);
      const sizeB = tf.util.sizeFromShape(b.shape);
      const m = transposeA ? a.shape[a.shape.length - 1]! : a.shape[a.shape.length - 2]!;
      const n = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
      const batch = Math.max(tf.util.sizeFromShape(a.shape.slice(0, -2)), tf.util.sizeFromShape(b.shape.slice(0, -2)));
      const moveOperands = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0);
      const moveResult = batch * m * n + (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB);
      if (moveOperands <= moveResult) {
        const a2 = transposeA ? swapLastTwo(wasm, a) : a;
        const b2 = transposeB ? swapLastTwo(wasm, b) : b;
        const out = untransposed(wasm, a2, b2);
        release(wasm, ...[a2, b2].filter((t) => t !== a && t !== b));
        return out;
      }
      const bT = transposeB ? b : swapLastTwo(wasm, b); // op(B)ᵀ
      const aT = transposeA ? a : swapLastTwo(wasm, a); // op(A)ᵀ
      const outT = untransposed(wasm, bT, aT); // [batch, n, m]
      const out = swapLastTwo(wasm, outT);
      release(wasm, outT, ...[aT, bT].filter((t) => t !== a && t !== b));
      return out;
    },
  };
}

function callOriginal(original: tf.KernelConfig, backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  const out = original.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
  if (Array.isArray(out)) throw new Error("BatchMatMul: the wasm kernel returned several outputs");
  return out;
}

