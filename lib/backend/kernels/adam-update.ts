import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapF32 } from "./wasm-calls.js";

/** The name of tsdl's fused Adam step kernel. */
export const ADAM_UPDATE = "TsdlAdamUpdate";

/** Hyper-parameters of one Adam step; `correction1/2` are 1 − β₁ᵗ and 1 − β₂ᵗ. */
export interface AdamUpdateAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  correction1: number;
  correction2: number;
}

/**
 * One Adam step for one variable as a single pass over memory, on the WASM heap:
 *
 *   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,
 *   w ← w − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 *
 * exactly tfjs's `AdamOptimizer` formula, which spends ~12 kernels (and as many trips
 * through 5 million numbers for the course CNN) on it. Outputs [w, m, v], new tensors.
 */
export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: "wasm",
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { value, gradient, m, v } = inputs as Record<"value" | "gradient" | "m" | "v", tf.TensorInfo>;
    const { lr, beta1, beta2, epsilon, correction1, correction2 } = attrs as unknown as AdamUpdateAttrs;
    const wasm = backend as BackendWasm;
    const outs = [value, m, v].map((t) => wasm.makeOutput(t.shape, "float32"));
    const [w0, g, m0, v0] = [value, gradient, m, v].map((t) => heapF32(wasm, t)) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [w1, m1, v1] = outs.map((t) => heapF32(wasm, t)) as [Float32Array, Float32Array, Float32Array];
    const step = lr / correction1;
    const scale2 = 1 / correction2;
    for (let i = 0; i < w0.length; i++) {
      const gi = g[i]!;
      const mi = beta1 * m0[i]! + (1 - beta1) * gi;
      const vi = beta2 * v0[i]! + (1 - beta2) * gi * gi;
      m1[i] = mi;
      v1[i] = vi;
      w1[i] = w0[i]! - (step * mi) / (Math.sqrt(vi * scale2) + epsilon);
    }
    return outs;
  },
};
