import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapF32 } from "./wasm-calls.js";

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * `MaxPoolGrad` for WASM as one pass over the windows: each window finds its arg-max in
 * the input and adds its output gradient there (the first maximum in row-major window
 * order wins, as on the CPU backend). tfjs's WASM kernel instead loops over every input
 * pixel and re-scans every window that covers it. Channels are the innermost loop, so
 * reads run along memory.
 */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as Attrs;
    const wasm = backend as BackendWasm;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const out = wasm.makeOutput(input.shape, "float32");
    // Views are taken after the allocation, which may grow (and so replace) the heap.
    const x = heapF32(wasm, input);
    const g = heapF32(wasm, dy);
    const dx = heapF32(wasm, out);
    dx.fill(0);
    const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
    const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
    const padTop = info.padInfo.top;
    const padLeft = info.padInfo.left;
    const best = new Float32Array(C); // per channel: the window's maximum so far
    const at = new Int32Array(C); // and where it is in x
    for (let b = 0; b < batchSize; b++) {
      const xBatch = b * inHeight * inWidth * C;
      for (let oy = 0; oy < outHeight; oy++) {
        const y0 = oy * strideHeight - padTop;
        const yStart = Math.max(0, y0);
        const yEnd = Math.min(inHeight, y0 + filterHeight);
        for (let ox = 0; ox < outWidth; ox++) {
          const x0 = ox * strideWidth - padLeft;
          const xStart = Math.max(0, x0);
          const xEnd = Math.min(inWidth, x0 + filterWidth);
          best.fill(-Infinity);
          at.fill(-1);
          for (let y = yStart; y < yEnd; y++) {
            for (let xx = xStart; xx < xEnd; xx++) {
              const base = xBatch + (y * inWidth + xx) * C;
              for (let c = 0; c < C; c++) {
                const v = x[base + c]!;
                if (v > best[c]!) { best[c] = v; at[c] = base + c; }
              }
            }
          }
          const gBase = ((b * outHeight + oy) * outWidth + ox) * C;
          for (let c = 0; c < C; c++) {
            const i = at[c]!;
            if (i >= 0) dx[i] = dx[i]! + g[gBase + c]!;
          }
        }
      }
    }
    return out;
  },
};
