// The tsdl library, as notebooks import it: `import { ... } from "tsdl"`.
// This file only re-exports; each topic lives in its own file.
export * from "./jupyter.js";
export * from "./model.js";
export * from "./seeded-random.js";
export * from "./idx.js";
export * from "./mnist.js";
export * from "./model-summary.js";
export * from "./progress-bar.js";
export * from "./training-plot.js";
export * from "./training.js";
export * from "./evaluation.js";
export * from "./filters.js";
export * from "./augmentation.js";
export * from "./augmentation-figures.js";
export * from "./transfer.js";
export * from "./weights-io.js";
export * from "./figures/index.js";
export * from "./activations.js";
export * from "./optimizers.js";
export * from "./quadratic.js";
export * from "./gradient-descent.js";
export * from "./momentum-figures.js";
export * from "./vanishing-gradients.js";
export * from "./convolution.js";
export * from "./convolution-notes.js";
export * from "./pooling.js";
export * from "./convolution-figures.js";
