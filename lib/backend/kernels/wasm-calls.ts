import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

type TensorInfo = tf.TensorInfo;
type Attrs = tf.NamedAttrMap;

/**
 * Runs one of the WASM backend's own kernels from inside another kernel, the way tfjs's
 * kernels call each other: on TensorInfos, outside the engine, so nothing is taped.
 * The caller disposes intermediate results with `release`.
 */
export function callWasm(
  backend: BackendWasm, name: string, inputs: Record<string, TensorInfo>, attrs: Attrs = {},
): TensorInfo {
  const kernel = tf.getKernel(name, "wasm");
  if (kernel === undefined) throw new Error(`callWasm: the wasm backend has no kernel '${name}'`);
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(out)) throw new Error(`callWasm: kernel '${name}' returned ${out.length} outputs, expected one`);
  return out;
}

/** Frees intermediate results made by `callWasm`. */
export function release(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Transposes the last two axes: [..., m, n] -> [..., n, m]. */
export function swapLastTwo(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return callWasm(backend, "Transpose", { x }, { perm });
}

/**
 * The whole WASM heap as floats, long enough to hold every one of `tensors`. Take it after
 * allocating: a growing heap is replaced. The threaded build's memory is a growable
 * SharedArrayBuffer, and when a worker thread grows it this thread only learns so at its
 * next interrupt check (V8 handles the "shared memory grew" interrupt at a stack check):
 * until then `memory.buffer` is the old, shorter one. A call into the module runs such a
 * check, so a view too short for the tensors is taken again after one.
 */
export function heapAll(backend: BackendWasm, ...tensors: TensorInfo[]): Float32Array {
  const module = backend.wasm as unknown as {
    wasmMemory?: WebAssembly.Memory; HEAPF32: Float32Array; _malloc(bytes: number): number; _free(pointer: number): void;
  };
  const end = Math.max(0, ...tensors.map((t) => floatOffset(backend, t) + tf.util.sizeFromShape(t.shape)));
  for (let attempt = 0; ; attempt++) {
    const heap = new Float32Array(module.wasmMemory?.buffer ?? module.HEAPF32.buffer);
    if (heap.length >= end) return heap;
    if (attempt === 3) throw new Error(`tsdl wasm kernels: the heap view holds ${heap.length} floats, but a tensor ends at float ${end}`);
    module._free(module._malloc(4));
  }
}

/** Where a tensor's values start in `heapAll(backend)`. */
export function floatOffset(backend: BackendWasm, info: TensorInfo): number {
  return (backend.dataIdMap.get(info.dataId) as { memoryOffset: number }).memoryOffset / 4;
}

/** The float32 values of a tensor, viewed in place in the WASM heap (no copy). */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  const start = floatOffset(backend, info);
  return heapAll(backend, info).subarray(start, start + tf.util.sizeFromShape(info.shape));
}
