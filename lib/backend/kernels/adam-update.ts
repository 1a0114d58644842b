import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { runSplit } from "../helper-thread.js";
import { nativeAddon } from "../native/addon.js";
import { encodeAdam, JOB_ADAM } from "./heap-math.js";
import { floatOffset, heapAll } from "./wasm-calls.js";

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
 * Half of the elements go to the helper thread when there is one (heap-math.ts); with
 * the native addon (native/adam.c), compiled C runs the whole step on every core instead.
 */
export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: "wasm",
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { value, gradient, m, v } = inputs as Record<"value" | "gradient" | "m" | "v", tf.TensorInfo>;
    const { lr, beta1, beta2, epsilon, correction1, correction2 } = attrs as unknown as AdamUpdateAttrs;
    const wasm = backend as BackendWasm;
    const outs = [value, m, v].map((t) => wasm.makeOutput(t.shape, "float32"));
    const [w0, g, m0, v0, w1, m1, v1] = [value, gradient, m, v, ...outs].map((t) => floatOffset(wasm, t)) as number[];
    const addon = nativeAddon();
    if (addon !== undefined) {
      addon.adam(heapAll(wasm, value, gradient, m, v, ...outs), w0!, g!, m0!, v0!, w1!, m1!, v1!, tf.util.sizeFromShape(value.shape),
        lr, beta1, beta2, epsilon, correction1, correction2);
      return outs;
    }
    const job = encodeAdam({ w0: w0!, g: g!, m0: m0!, v0: v0!, w1: w1!, m1: m1!, v1: v1! },
      { lr, beta1, beta2, epsilon, correction1, correction2 });
    runSplit(wasm, () => heapAll(wasm, value, gradient, m, v, ...outs), JOB_ADAM, job, tf.util.sizeFromShape(value.shape));
    return outs;
  },
};
