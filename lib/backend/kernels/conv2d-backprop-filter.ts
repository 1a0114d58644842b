import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { nativeAddon } from "../native/addon.js";
import { convGeometry } from "./geometry.js";
import { callWasm, floatOffset, heapAll, release } from "./wasm-calls.js";

interface Attrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/**
 * `Conv2DBackpropFilter` for WASM, which tfjs 4.22 does not register at all (so no conv
 * net can train on it). With the native addon it is the transposed image patches times dY
 * (native/conv.c). Without it, the filter gradient is itself a convolution, run on XNNPACK:
 *
 *   dW[i, j, c, k] = Σ_{n, y, x} X[n, y·s + i − pad, x·s + j − pad, c] · dY[n, y, x, k]
 *
 * is a stride-1 convolution of Xᵀ ([c, H, W, n]: channels as the batch, images as the
 * channels) with dYᵀ ([outH, outW, n, k]) as the filter, dilated by the forward stride,
 * on the forward padding. Its [c, fH', fW', k] result is cut to the filter size and
 * transposed to [fH, fW, c, k].
 */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
    if (dataFormat !== "NHWC") {
      throw new Error(`Conv2DBackpropFilter (wasm): dataFormat '${dataFormat}' is not supported, use 'NHWC'`);
    }
    const wasm = backend as BackendWasm;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
    const addon = nativeAddon();
    if (addon !== undefined && x.dtype === "float32" && dy.dtype === "float32" && tf.util.sizeFromShape(dy.shape) > 0) {
      const dW = wasm.makeOutput(filterShape, "float32");
      addon.conv2dBackpropFilter(heapAll(wasm, x, dy, dW), floatOffset(wasm, x), floatOffset(wasm, dy), floatOffset(wasm, dW),
        ...convGeometry(info));
      return dW;
    }
    const { top, bottom, left, right } = info.padInfo;
    const xT = callWasm(wasm, "Transpose", { x }, { perm: [3, 1, 2, 0] }); // [c, H, W, n]
    const dyT = callWasm(wasm, "Transpose", { x: dy }, { perm: [1, 2, 0, 3] }); // [outH, outW, n, k]
    const full = callWasm(wasm, "Conv2D", { x: xT, filter: dyT }, {
      strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dilations: [info.strideHeight, info.strideWidth], dataFormat: "NHWC",
    }); // [c, ≥fH, ≥fW, k]
    const [fH, fW, inC, outC] = filterShape;
    const cut = full.shape[1] === fH && full.shape[2] === fW
      ? full
      : callWasm(wasm, "Slice", { x: full }, { begin: [0, 0, 0, 0], size: [inC, fH, fW, outC] });
    const dW = callWasm(wasm, "Transpose", { x: cut }, { perm: [1, 2, 0, 3] }); // [fH, fW, c, k]
    release(wasm, xT, dyT, full, ...(cut === full ? [] : [cut]));
    return dW;
  },
};
