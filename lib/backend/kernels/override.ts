import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { nativeAddon, type NativeAddon } from "../native/addon.js";

/** A kernel's inputs and attributes, with the WASM backend. */
export interface WasmKernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  attrs: tf.NamedAttrMap;
  backend: BackendWasm;
}

type KernelOutput = tf.TensorInfo | tf.TensorInfo[];

/**
 * `name` on WASM, run by `run` where it can (it returns undefined where it cannot: another
 * dtype, layout or shape) and by tfjs's own WASM kernel otherwise. The original's setup and
 * dispose functions are kept: the backend calls them when it starts and stops.
 */
export function overrideOrOriginal(name: string, run: (args: WasmKernelArgs) => KernelOutput | undefined): tf.KernelConfig {
  const original = tf.getKernel(name, "wasm");
  if (original === undefined) throw new Error(`overrideOrOriginal: the wasm backend has no kernel '${name}'`);
  return {
    kernelName: name,
    backendName: "wasm",
    ...(original.setupFunc === undefined ? {} : { setupFunc: original.setupFunc }),
    ...(original.disposeFunc === undefined ? {} : { disposeFunc: original.disposeFunc }),
    kernelFunc: (args) => run(args as unknown as WasmKernelArgs) ?? original.kernelFunc(args),
  };
}

/** `overrideOrOriginal` for a native kernel: tfjs's own also whenever the native addon is not loaded. */
export function nativeOrOriginal(
  name: string, run: (args: WasmKernelArgs, addon: NativeAddon) => KernelOutput | undefined,
): tf.KernelConfig {
  return overrideOrOriginal(name, (args) => {
    const addon = nativeAddon();
    return addon === undefined ? undefined : run(args, addon);
  });
}

/** True when every tensor is float32: the native kernels' only dtype. */
export function allFloat32(...tensors: tf.TensorInfo[]): boolean {
  return tensors.every((t) => t.dtype === "float32");
}
