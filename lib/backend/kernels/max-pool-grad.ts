import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { runSplit } from "../helper-thread.js";
import { nativeAddon } from "../native/addon.js";
import { poolGeometry } from "./geometry.js";
import { encodeMaxPoolGrad, JOB_MAX_POOL_GRAD } from "./heap-math.js";
import { floatOffset, heapAll } from "./wasm-calls.js";

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * `MaxPoolGrad` for WASM as one pass over the windows: each window finds its arg-max in
 * the input and adds its output gradient there (the first maximum in row-major window
 * order wins, as on the CPU backend); see `maxPoolGradRange` in heap-math.ts. tfjs's
 * WASM kernel instead loops over every input pixel and re-scans every window that
 * covers it. Half of the images go to the helper thread when there is one; with the
 * native addon (native/pool.c), compiled C runs the same loops on every core instead.
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
    const addon = nativeAddon();
    if (addon !== undefined) {
      addon.maxPoolGrad(heapAll(wasm, input, dy, out), floatOffset(wasm, input), floatOffset(wasm, dy), floatOffset(wasm, out),
        ...poolGeometry(info));
      return out;
    }
    const job = encodeMaxPoolGrad(floatOffset(wasm, input), floatOffset(wasm, dy), floatOffset(wasm, out), {
      inHeight: info.inHeight, inWidth: info.inWidth, channels: info.inChannels,
      outHeight: info.outHeight, outWidth: info.outWidth, strideHeight: info.strideHeight,
      strideWidth: info.strideWidth, filterHeight: info.filterHeight, filterWidth: info.filterWidth,
      padTop: info.padInfo.top, padLeft: info.padInfo.left,
    });
    runSplit(wasm, () => heapAll(wasm, input, dy, out), JOB_MAX_POOL_GRAD, job, info.batchSize); // split by image
    return out;
  },
};
