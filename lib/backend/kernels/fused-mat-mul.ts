import { tf } from "../../tf.cjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { nativeAddon } from "../native/addon.js";
import { planMatMul, runNative } from "./native-mat-mul.js";
import { heapF32 } from "./wasm-calls.js";

/**
 * `_FusedMatMul` (what a Dense layer's forward pass calls: `act(op(A)·op(B) + bias)`)
 * with OpenBLAS when the native addon is loaded: the output is filled with the bias,
 * sgemm adds the product to it, and a ReLU clamps it in place. Other activations, PReLU
 * weights, a bias that is not one value per column, and no addon: tfjs's own kernel.
 */
export function createFusedMatMul(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf._FusedMatMul,
    backendName: "wasm",
    ...(original.setupFunc === undefined ? {} : { setupFunc: original.setupFunc }),
    kernelFunc: (args) => {
      const { inputs, attrs } = args;
      const backend = args.backend as BackendWasm;
      const { a, b, bias, preluActivationWeights } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { transposeA = false, transposeB = false, activation = "linear" } = (attrs ?? {}) as {
        transposeA?: boolean; transposeB?: boolean; activation?: string;
      };
      const blas = nativeAddon();
      const plan = blas === undefined || a === undefined || b === undefined ? undefined : planMatMul(a, b, transposeA, transposeB);
      const biasFits = bias === undefined
        || (bias.dtype === "float32" && bias.shape.length === 1 && bias.shape[0] === plan?.n);
      if (blas === undefined || plan === undefined || !biasFits || preluActivationWeights !== undefined
        || (activation !== "linear" && activation !== "relu")) {
        return original.kernelFunc(args);
      }
      const out = backend.makeOutput(plan.outShape, "float32");
      if (bias !== undefined) {
        const values = heapF32(backend, out);
        const row = heapF32(backend, bias);
        for (let start = 0; start < values.length; start += plan.n) values.set(row, start);
      }
      runNative(blas, backend, plan, a!, b!, out, transposeA, transposeB, bias === undefined ? 0 : 1);
      if (activation === "relu") {
        const values = heapF32(backend, out);
        for (let i = 0; i < values.length; i++) if (!(values[i]! >= 0)) values[i] = values[i]! < 0 ? 0 : values[i]!;
      }
      return out;
    },
  };
}
