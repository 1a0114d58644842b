import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/**
 * `Identity` on WASM shares its input's memory, as on tfjs's CPU backend, instead of
 * copying it: tensors are never written after they are made, and the backend counts
 * references (as its own `Reshape` does). The engine runs Identity for every `tf.clone`,
 * gradient pass-through and kept value: ~14 ms a step of the course CNN, copying.
 */
export function createIdentity(): tf.KernelConfig {
  const original = tf.getKernel(tf.Identity, "wasm");
  if (original === undefined) throw new Error("createIdentity: the wasm backend has no Identity kernel");
  return {
    kernelName: tf.Identity,
    backendName: "wasm",
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      if (x.dtype === "string") return original.kernelFunc(args);
      (args.backend as BackendWasm).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}
