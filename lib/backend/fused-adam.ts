import { tf } from "../tf.cjs";
import { ADAM_UPDATE, type AdamUpdateAttrs } from "./kernels/adam-update.js";

export interface AdamOptions {
  /** Learning rate; 0.001 as in Keras. */
  lr?: number;
  beta1?: number;
  beta2?: number;
  /** Defaults to the backend's epsilon (1e-7 for float32), as `tf.train.adam`. */
  epsilon?: number;
}

/** The slots of `tf.AdamOptimizer` that the fused step reads and writes. */
interface AdamSlots {
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/**
 * `tf.train.adam`, with each variable's step fused into one kernel where the backend has
 * one (WASM, through tsdl): same formula, state, weights and config (class name "Adam",
 * so saved models load anywhere); on other backends it is tfjs's own step.
 * @see notebooks/06-mnist-cnn.ipynb
 */
export function adam(options: AdamOptions = {}): tf.AdamOptimizer {
  const { lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon } = options;
  return new FusedAdamOptimizer(lr, beta1, beta2, epsilon);
}

class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    if (tf.getKernel(ADAM_UPDATE, tf.getBackend()) === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const slots = this as unknown as AdamSlots;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const t = this.iterations + 1;
    const attrs: AdamUpdateAttrs = {
      lr: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
      correction1: 1 - this.beta1 ** t, correction2: 1 - this.beta2 ** t,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        slots.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        slots.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = slots.accumulatedFirstMoment[i]!.variable;
        const v = slots.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(
          ADAM_UPDATE, { value, gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      // Kept in step for `setWeights` and for a later unfused step on another backend.
      slots.accBeta1.assign(tf.mul(slots.accBeta1, this.beta1));
      slots.accBeta2.assign(tf.mul(slots.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
