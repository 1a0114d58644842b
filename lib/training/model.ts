import { tf } from "../tf.cjs";

/** MNIST images: 28×28 pixels, one grey channel. */
export const IMAGE_SIZE = 28;
/** Ten digit classes, 0–9. */
export const NUM_CLASSES = 10;

/**
 * The course's CNN, layer for layer as the notes' Keras listing:
 *
 * ```
 * Conv2D(16, (3,3), activation='relu', input_shape=(28, 28, 1))   // [batch, 26, 26, 16]
 * MaxPooling2D(pool_size=(2, 2), strides=1)                        // [batch, 25, 25, 16]
 * Flatten()                                                        // [batch, 10000]
 * Dense(512, activation='relu'); Dropout(0.1)
 * Dense(200, activation='relu'); Dropout(0.2)
 * Dense(10, activation='softmax')                                  // 5,225,282 parameters
 * ```
 * Layers carry names so that transfer learning freezes them by name. `augmentation`, a layer
 * with `inputShape` [28, 28, 1] (e.g. `randomAugmentation`), goes first when given: it moves
 * the images while the model trains and passes them through at inference.
 * @see notebooks/06-mnist-cnn.ipynb
 */
export function createCourseCnn(options: { numClasses?: number; seed?: number; augmentation?: tf.layers.Layer } = {}): tf.Sequential {
  const { numClasses = NUM_CLASSES, seed, augmentation } = options;
  const init = (offset: number) => tf.initializers.glorotUniform(seed === undefined ? {} : { seed: seed + offset });
  return tf.sequential({
    name: "course_cnn",
    layers: [
      ...(augmentation ? [augmentation] : []),
      tf.layers.conv2d({
        name: "conv", filters: 16, kernelSize: 3, activation: "relu",
        ...(augmentation ? {} : { inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] }), kernelInitializer: init(0),
      }),
      tf.layers.maxPooling2d({ name: "pool", poolSize: 2, strides: 1 }),
      tf.layers.flatten({ name: "flatten" }),
      tf.layers.dense({ name: "dense_512", units: 512, activation: "relu", kernelInitializer: init(1) }),
      tf.layers.dropout({ name: "dropout_1", rate: 0.1 }),
      tf.layers.dense({ name: "dense_200", units: 200, activation: "relu", kernelInitializer: init(2) }),
      tf.layers.dropout({ name: "dropout_2", rate: 0.2 }),
      tf.layers.dense({ name: "output", units: numClasses, activation: "softmax", kernelInitializer: init(3) }),
    ],
  });
}

/** The names of the feature layers that transfer learning freezes. */
export const FEATURE_LAYERS = ["conv", "pool", "flatten"] as const;
