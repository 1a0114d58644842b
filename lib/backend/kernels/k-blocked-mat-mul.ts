import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapF32 } from "./wasm-calls.js";

type MatMul = (a: tf.TensorInfo, b: tf.TensorInfo) => tf.TensorInfo;

/** Inner dimension from which a product is cut into blocks along it. */
export const K_BLOCKED_FROM = 2048;
/** Bytes of B per block (2,048 rows of a 512-wide Dense kernel): fastest of 1–8 MiB measured here. */
const BLOCK_BYTES = 4 << 20;

/**
 * `C = A·B` for a single [m, k]·[k, n] product with a long inner dimension, as a sum of
 * products over blocks of k: `C = Σ_p A[:, k_p]·B[k_p, :]`. XNNPACK walks the whole of
 * k for every few rows of A, so with k = 10,000 (the course CNN's first Dense layer)
 * its packed B (20 MB) streams from memory again and again; per block it stays in cache.
 *
 * B's row blocks are views of B's memory (registered with the backend, never copied);
 * A's column blocks are copied once into one buffer, block after block.
 */
export function kBlockedMatMul(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, matMul: MatMul): tf.TensorInfo {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.shape.length - 1]!;
  const rows = Math.max(64, Math.floor(BLOCK_BYTES / (4 * n) / 64) * 64);
  const blocks: [start: number, size: number][] = [];
  for (let start = 0; start < k; start += rows) blocks.push([start, Math.min(rows, k - start)]);

  const aBlocks = backend.makeOutput([m * k], "float32");
  const out = backend.makeOutput([m, n], "float32");
  const views: tf.TensorInfo[] = [];
  const partials: tf.TensorInfo[] = [];
  try {
    const aHeap = heapF32(backend, a);
    const aCopy = heapF32(backend, aBlocks);
    for (const [start, size] of blocks) {
      const base = m * start; // block p holds A[:, start:start+size] as [m, size]
      for (let row = 0; row < m; row++) {
        aCopy.set(aHeap.subarray(row * k + start, row * k + start + size), base + row * size);
      }
    }
    const aOffset = offsetOf(backend, aBlocks);
    const bOffset = offsetOf(backend, b);
    for (const [start, size] of blocks) {
      const aView = backend.makeOutput([m, size], "float32", aOffset + 4 * m * start);
      views.push(aView);
      const bView = backend.makeOutput([size, n], "float32", bOffset + 4 * n * start);
      views.push(bView);
      partials.push(matMul(aView, bView));
    }
    const sum = heapF32(backend, out);
    sum.set(heapF32(backend, partials[0]!).subarray(0, m * n));
    for (const partial of partials.slice(1)) {
      const values = heapF32(backend, partial);
      for (let i = 0; i < m * n; i++) sum[i] = sum[i]! + values[i]!;
    }
  } finally {
    for (const view of views) forgetView(backend, view);
    for (const partial of partials) backend.disposeData(partial.dataId);
    backend.disposeData(aBlocks.dataId);
  }
  out.shape = [...a.shape.slice(0, -2), m, n];
  return out;
}

function offsetOf(backend: BackendWasm, info: tf.TensorInfo): number {
  return (backend.dataIdMap.get(info.dataId) as { memoryOffset: number }).memoryOffset;
}

/** Unregisters a view made by `makeOutput(..., offset)` without freeing memory it does not own. */
function forgetView(backend: BackendWasm, view: tf.TensorInfo): void {
  const { id } = backend.dataIdMap.get(view.dataId) as { id: number };
  (backend.wasm.tfjs as unknown as { disposeData(id: number): void }).disposeData(id);
  backend.dataIdMap.delete(view.dataId);
}
