import "@tensorflow/tfjs-backend-wasm"; // registers the wasm backend and its kernels
import * as tf from "@tensorflow/tfjs";
import { adamUpdateConfig } from "./kernels/adam-update.js";
import { createBatchMatMul } from "./kernels/batch-mat-mul.js";
import { createFusedMatMul } from "./kernels/fused-mat-mul.js";
import { conv2DBackpropFilterConfig } from "./kernels/conv2d-backprop-filter.js";
import { maxPoolGradConfig } from "./kernels/max-pool-grad.js";

let registered = false;

/**
 * Adds tsdl's kernels to tfjs's WASM backend (once): the missing `Conv2DBackpropFilter`,
 * faster `BatchMatMul` and `MaxPoolGrad`, `_FusedMatMul` (native when the BLAS addon loads), and the fused Adam step of `adam()`. Must run
 * before the backend initialises, because the engine calls each kernel's setup function
 * then.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  const original = tf.getKernel(tf.BatchMatMul, "wasm");
  const fused = tf.getKernel(tf._FusedMatMul, "wasm");
  if (original === undefined || fused === undefined) throw new Error("registerWasmKernels: @tensorflow/tfjs-backend-wasm is not loaded");
  for (const config of [createBatchMatMul(original), createFusedMatMul(fused), conv2DBackpropFilterConfig, maxPoolGradConfig, adamUpdateConfig]) {
    if (tf.getKernel(config.kernelName, "wasm") !== undefined) tf.unregisterKernel(config.kernelName, "wasm");
    tf.registerKernel(config);
  }
  registered = true;
}
