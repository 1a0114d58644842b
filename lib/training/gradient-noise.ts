/**
 * Minibatch gradients are noisy estimates of the full gradient. With B digits drawn at random
 * (with replacement) from N, the minibatch gradient g_B is an unbiased estimate of the mean
 * gradient g over all N, and its mean squared error is tr(Σ)/B, Σ the covariance of one digit's
 * gradient: the noise ‖g_B − g‖ falls as 1/√B. Measured here on one layer's weights.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { tf } from "../tf.cjs";
import type { MnistTensors } from "../data/mnist.js";
import { seededRandom } from "../data/seeded-random.js";

/** The noise of minibatches of one size. */
export interface BatchNoise {
  batchSize: number;
  /** Root mean square of ‖g_B − g‖ over the draws. */
  noise: number;
  /** `noise / ‖g‖`: 1 means the noise is as large as the gradient itself. */
  relative: number;
}

/** The full gradient's norm and the noise of each batch size. */
export interface GradientNoise {
  fullNorm: number;
  batches: BatchNoise[];
}

/** Mean cross-entropy gradient of `layer`'s weights over the images `X` (no dropout), flattened. */
function layerGradient(model: tf.LayersModel, variables: tf.Variable[], X: tf.Tensor4D, y: tf.Tensor2D): Float64Array {
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
    const probs = model.apply(X, { training: false }) as tf.Tensor;
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(probs, 1e-7))), -1))) as tf.Scalar;
  }), variables);
  const flat = new Float64Array(variables.reduce((n, v) => n + v.size, 0));
  let offset = 0;
  for (const v of variables) {
    const g = grads[v.name]!.dataSync();
    flat.set(g, offset);
    offset += g.length;
  }
  tf.dispose([value, ...Object.values(grads)]);
  return flat;
}

const distance = (a: Float64Array, b: Float64Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

/**
 * For each of `batchSizes`, draws `draws` minibatches from `data` (with replacement, seeded)
 * and measures how far their gradient of `layer`'s weights (default "output") lies from the
 * gradient over all of `data` (computed in chunks of `chunk` digits).
 */
export function gradientNoise(model: tf.LayersModel, data: MnistTensors, options: {
  batchSizes: readonly number[]; draws: number; layer?: string; seed?: number; chunk?: number;
}): GradientNoise {
  const { batchSizes, draws, layer = "output", seed = 0, chunk = 500 } = options;
  const n = data.X.shape[0];
  if (!(Number.isInteger(draws) && draws >= 2)) throw new RangeError(`gradientNoise: draws must be an integer ≥ 2, got ${draws}`);
  for (const b of batchSizes) {
    if (!(Number.isInteger(b) && b >= 1 && b <= n)) throw new RangeError(`gradientNoise: batch size ${b} is not an integer in 1..${n}`);
  }
  if (n % chunk !== 0) throw new RangeError(`gradientNoise: ${n} digits do not split into chunks of ${chunk}; give a multiple of ${chunk}`);
  const variables = model.getLayer(layer).trainableWeights.map((w) => w.read() as tf.Variable);
  const X = data.X as tf.Tensor4D;
  const y = data.y as tf.Tensor2D;
  // the full gradient: the mean of equal-sized chunks' mean gradients
  const full = new Float64Array(variables.reduce((s, v) => s + v.size, 0));
  for (let start = 0; start < n; start += chunk) {
    const [Xc, yc] = [X.slice(start, chunk), y.slice(start, chunk)];
    layerGradient(model, variables, Xc, yc).forEach((g, i) => { full[i]! += g * (chunk / n); });
    tf.dispose([Xc, yc]);
  }
  const fullNorm = Math.hypot(...full);
  const random = seededRandom(seed);
  const batches = batchSizes.map((batchSize) => {
    let squares = 0;
    for (let d = 0; d < draws; d++) {
      const indices = tf.tensor1d(Array.from({ length: batchSize }, () => random.int(n)), "int32");
      const [Xb, yb] = [tf.gather(X, indices), tf.gather(y, indices)];
      squares += distance(layerGradient(model, variables, Xb, yb), full) ** 2;
      tf.dispose([indices, Xb, yb]);
    }
    const noise = Math.sqrt(squares / draws);
    return { batchSize, noise, relative: noise / fullNorm };
  });
  return { fullNorm, batches };
}
