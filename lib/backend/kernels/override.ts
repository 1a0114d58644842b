import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { nativeAddon, type NativeAddon } from "../native/addon.js";

/** A kernel's inputs and attributes, with the WASM backend. */
export interface WasmKernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  attrs: tf.NamedAttrMap;
  backend: BackendWasm;
}

/**
 * `name` on WASM, run natively by `run` where it can (it returns undefined where it cannot:
 * another dtype, layout or shape) and by tfjs's own WASM kernel otherwise, and always when
 * the native addon is not loaded. The original's setup function is kept: the backend calls
 * it when it starts.
 */
export function nativeOrOriginal(
  name: string, run: (args: WasmKernelArgs, addon: NativeAddon) => tf.TensorInfo | tf.TensorInfo[] | undefined,
): tf.KernelConfig {
  const original = tf.getKernel(name, "wasm");
  if (original === undefined) throw new Error(`nativeOrOriginal: the wasm backend has no kernel '${name}'`);
  return {
    kernelName: name,
    backendName: "wasm",
    ...(original.setupFunc === undefined ? {} : { setupFunc: original.setupFunc }),
    ...(original.disposeFunc === undefined ? {} : { disposeFunc: original.disposeFunc }),
    kernelFunc: (args) => {
      const addon = nativeAddon();
      const out = addon === undefined ? undefined : run(args as unknown as WasmKernelArgs, addon);
      return out ?? original.kernelFunc(args);
    },
  };
}

/** True when every tensor is float32: the native kernels' only dtype. */
export function allFloat32(...tensors: tf.TensorInfo[]): boolean {
  return tensors.every((t) => t.dtype === "float32");
}
