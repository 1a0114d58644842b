import { tf } from "../../tf.cjs";
import { overrideOrOriginal } from "./override.js";

/**
 * `Identity` on WASM shares its input's memory, as on tfjs's CPU backend, instead of
 * copying it: tensors are never written after they are made, and the backend counts
 * references (as its own `Reshape` does). The engine runs Identity for every `tf.clone`,
 * gradient pass-through and kept value: ~14 ms a step of the course CNN, copying.
 * Strings go to tfjs's kernel.
 */
export function createIdentity(): tf.KernelConfig {
  return overrideOrOriginal(tf.Identity, ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.dtype === "string") return undefined;
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  });
}
