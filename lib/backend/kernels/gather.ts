import { tf } from "../../tf.cjs";
import { overrideOrOriginal } from "./override.js";
import { floatOffset, heapAll } from "./wasm-calls.js";

/**
 * `GatherV2` along the first axis (what `model.fit` does to cut each shuffled batch out of
 * the training set) as one block copy per row on the WASM heap. tfjs's WASM kernel moves one
 * element at a time: ~5 ms for a batch of 128 MNIST images. Other axes, batch dimensions
 * and other types (bool is one byte) go to tfjs's kernel.
 */
export function createGather(): tf.KernelConfig {
  return overrideOrOriginal(tf.GatherV2, ({ inputs, attrs, backend }) => {
    const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims = 0 } = attrs as unknown as { axis: number; batchDims?: number };
    const fourBytes = x.dtype === "float32" || x.dtype === "int32";
    if (tf.util.parseAxisParam(axis, x.shape)[0] !== 0 || batchDims !== 0 || !fourBytes || indices.dtype !== "int32") {
      return undefined;
    }
    const rows = x.shape[0]!;
    const row = tf.util.sizeFromShape(x.shape.slice(1));
    const picks = backend.readSync(indices.dataId) as Int32Array;
    for (const index of picks) {
      if (!(index >= 0 && index < rows)) throw new Error(`GatherV2: the index value ${index} is not in [0, ${rows - 1}]`);
    }
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    if (row === 0 || picks.length === 0) return out;
    const heap = heapAll(backend, x, out);
    const from = floatOffset(backend, x);
    const to = floatOffset(backend, out);
    picks.forEach((index, i) => heap.copyWithin(to + i * row, from + index * row, from + (index + 1) * row));
    return out;
  });
}
