import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { NativeAddon } from "../native/addon.js";
import { floatOffset, heapAll } from "./wasm-calls.js";

/** What a product needs to run natively: the sizes, and how each operand walks the batch. */
interface Plan { m: number; n: number; k: number; batch: number; strideA: number; strideB: number; outShape: number[] }

/**
 * How `op(A)·op(B)` runs as one batched sgemm, or undefined when it cannot (not float32,
 * an empty operand, or batch axes that broadcast other than "one matrix against many").
 */
export function planMatMul(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Plan | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [a0, a1] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kB, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kB || m === 0 || n === 0 || k === 0) return undefined;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return undefined;
  }
  const batch = tf.util.sizeFromShape(outer);
  // Each operand is either one matrix for the whole batch, or one per output matrix.
  if ((batchA !== 1 && batchA !== batch) || (batchB !== 1 && batchB !== batch)) return undefined;
  return { m, n, k, batch, strideA: batchA === 1 ? 0 : m * k, strideB: batchB === 1 ? 0 : k * n, outShape: [...outer, m, n] };
}

/** Runs a planned product with OpenBLAS on the WASM heap; `beta = 1` adds to `out`'s values. */
export function runNative(
  blas: NativeAddon, backend: BackendWasm, plan: Plan, a: tf.TensorInfo, b: tf.TensorInfo, out: tf.TensorInfo,
  transposeA: boolean, transposeB: boolean, beta = 0,
): void {
  const { m, n, k, batch, strideA, strideB } = plan;
  blas.sgemm(heapAll(backend, a, b, out), floatOffset(backend, a), floatOffset(backend, b), floatOffset(backend, out),
    m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, 1, beta, batch, strideA, strideB, m * n);
}

/** `op(A)·op(B)` with OpenBLAS, or undefined when the product cannot run natively. */
export function nativeMatMul(
  blas: NativeAddon, backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean,
): tf.TensorInfo | undefined {
  const plan = planMatMul(a, b, transposeA, transposeB);
  if (plan === undefined) return undefined;
  const out = backend.makeOutput(plan.outShape, "float32");
  runNative(blas, backend, plan, a, b, out, transposeA, transposeB);
  return out;
}
