/**
 * Augmentation as a layer inside the model, as Keras now teaches it (`RandomRotation`,
 * `RandomTranslation`, ... as the first layers): while the model trains (`fit` calls its
 * layers with `training: true`) each batch is moved by a fresh random transformation; at
 * inference (`predict`, `evaluate`, validation) the layer passes its input through unchanged.
 * The transformations are {@link ImageDataGenerator}'s geometric ones.
 * @see notebooks/07-data-augmentation.ipynb
 */
import { tf } from "../tf.cjs";
import { ImageDataGenerator, type ImageDataGeneratorOptions } from "./augmentation.js";

/** The geometric settings a {@link RandomAugmentation} layer takes (no featurewise statistics). */
export type AugmentationLayerSettings = Pick<
  ImageDataGeneratorOptions,
  "rotationRange" | "widthShiftRange" | "heightShiftRange" | "shearRange" | "horizontalFlip" | "fillMode" | "cval" | "seed"
>;

/** Arguments of {@link RandomAugmentation}: its settings, and the usual layer arguments. */
export interface RandomAugmentationArgs {
  settings: AugmentationLayerSettings;
  name?: string;
  /** The image shape, `[28, 28, 1]` for MNIST, when the layer is a model's first. */
  inputShape?: [number, number, number];
}

/** Random rotations, shifts, shears and flips while training; the identity at inference. */
export class RandomAugmentation extends tf.layers.Layer {
  static readonly className = "RandomAugmentation";
  readonly settings: AugmentationLayerSettings;
  private readonly generator: ImageDataGenerator;

  constructor(args: RandomAugmentationArgs) {
    super({ name: args.name ?? "augmentation", ...(args.inputShape ? { inputShape: args.inputShape } : {}), trainable: false });
    const featurewise = Object.keys(args.settings).filter((key) => key.startsWith("featurewise") || key === "validationSplit");
    if (featurewise.length > 0) {
      throw new RangeError(`RandomAugmentation: ${featurewise.join(", ")} is not a per-batch transformation; standardise or split the data outside the model`);
    }
    this.settings = { ...args.settings };
    this.generator = new ImageDataGenerator(this.settings);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const X = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    if (kwargs["training"] !== true) return X;
    return this.generator.randomTransform(X);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), settings: { ...this.settings } };
  }
}
tf.serialization.registerClass(RandomAugmentation);

/** `new RandomAugmentation(args)`, in the style of `tf.layers.conv2d(...)`. */
export function randomAugmentation(args: RandomAugmentationArgs): RandomAugmentation {
  return new RandomAugmentation(args);
}
