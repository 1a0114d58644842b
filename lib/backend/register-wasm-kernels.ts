import "@tensorflow/tfjs-backend-wasm"; // registers the wasm backend and its kernels
import { tf } from "../tf.cjs";
import { adamUpdateConfig } from "./kernels/adam-update.js";
import { createBatchMatMul } from "./kernels/batch-mat-mul.js";
import { createAdd, createSum } from "./kernels/bias.js";
import { createConv2D, createConv2DBackpropInput } from "./kernels/conv2d.js";
import { conv2DBackpropFilterConfig } from "./kernels/conv2d-backprop-filter.js";
import { createFusedMatMul } from "./kernels/fused-mat-mul.js";
import { createGather } from "./kernels/gather.js";
import { createIdentity } from "./kernels/identity.js";
import { createMaxPool } from "./kernels/max-pool.js";
import { maxPoolGradConfig } from "./kernels/max-pool-grad.js";

let registered = false;

/**
 * Adds tsdl's kernels to tfjs's WASM backend (once): the missing `Conv2DBackpropFilter`,
 * faster `BatchMatMul` and `MaxPoolGrad`, the fused Adam step of `adam()`, an `Identity`
 * that shares memory, a row-copying `GatherV2`, and, where the native addon loads (native/addon.ts), native
 * convolutions, pooling, matrix products and bias sums, each falling back to tfjs's own
 * kernel for what it does not cover. Must run before the backend initialises, because the
 * engine calls each kernel's setup function then.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  const original = tf.getKernel(tf.BatchMatMul, "wasm");
  const fused = tf.getKernel(tf._FusedMatMul, "wasm");
  if (original === undefined || fused === undefined) throw new Error("registerWasmKernels: @tensorflow/tfjs-backend-wasm is not loaded");
  const configs = [
    createBatchMatMul(original), createFusedMatMul(fused), createConv2D(), createConv2DBackpropInput(), createMaxPool(),
    createAdd(), createSum(), createIdentity(), createGather(), conv2DBackpropFilterConfig, maxPoolGradConfig, adamUpdateConfig,
  ];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, "wasm") !== undefined) tf.unregisterKernel(config.kernelName, "wasm");
    tf.registerKernel(config);
  }
  registered = true;
}
