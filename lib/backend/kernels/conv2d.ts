import { tf } from "../../tf.cjs";
import { convGeometry } from "./geometry.js";
import { allFloat32, nativeOrOriginal } from "./override.js";
import { floatOffset, heapAll } from "./wasm-calls.js";

interface ConvAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dilations?: [number, number] | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * `Conv2D` natively (native/conv.c: the image patches times the filter, in OpenBLAS), for
 * float32 NHWC; tfjs's XNNPACK kernel otherwise.
 */
export function createConv2D(): tf.KernelConfig {
  return nativeOrOriginal(tf.Conv2D, ({ inputs, attrs, backend }, addon) => {
    const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dilations = 1, dimRoundingMode } = attrs as unknown as ConvAttrs;
    if (dataFormat !== "NHWC" || !allFloat32(x, filter)) return undefined;
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode);
    const y = backend.makeOutput(info.outShape, "float32");
    if (tf.util.sizeFromShape(info.outShape) === 0) return y;
    addon.conv2d(heapAll(backend, x, filter, y), floatOffset(backend, x), floatOffset(backend, filter), floatOffset(backend, y),
      ...convGeometry(info));
    return y;
  });
}

/**
 * `Conv2DBackpropInput` (the gradient of a convolution with respect to its image) natively:
 * dY times the transposed filter, scattered back onto the pixels (col2im).
 */
export function createConv2DBackpropInput(): tf.KernelConfig {
  return nativeOrOriginal(tf.Conv2DBackpropInput, ({ inputs, attrs, backend }, addon) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvAttrs & { inputShape: number[] };
    if (dataFormat !== "NHWC" || !allFloat32(dy, filter)) return undefined;
    const info = tf.backend_util.computeConv2DInfo(inputShape as [number, number, number, number],
      filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
    if (tf.util.sizeFromShape(info.inShape) === 0 || tf.util.sizeFromShape(dy.shape) === 0) return undefined;
    const dx = backend.makeOutput(info.inShape, "float32");
    addon.conv2dBackpropInput(heapAll(backend, dy, filter, dx), floatOffset(backend, dy), floatOffset(backend, filter),
      floatOffset(backend, dx), ...convGeometry(info));
    return dx;
  });
}
