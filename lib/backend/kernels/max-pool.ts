import { tf } from "../../tf.cjs";
import { poolGeometry } from "./geometry.js";
import { allFloat32, nativeOrOriginal } from "./override.js";
import { floatOffset, heapAll } from "./wasm-calls.js";

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** `MaxPool` natively (native/pool.c, images split between the threads) for float32; XNNPACK otherwise. */
export function createMaxPool(): tf.KernelConfig {
  return nativeOrOriginal(tf.MaxPool, ({ inputs, attrs, backend }, addon) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as Attrs;
    if (!allFloat32(x) || x.shape.length !== 4) return undefined;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    if (tf.util.sizeFromShape(info.outShape) === 0) return undefined;
    const y = backend.makeOutput(info.outShape, "float32");
    addon.maxPool(heapAll(backend, x, y), floatOffset(backend, x), floatOffset(backend, y), ...poolGeometry(info));
    return y;
  });
}
