/**
 * TensorFlow.js itself, re-exported so that a notebook and tsdl share one instance (one
 * engine, one backend, one memory count): `import { tf } from "tsdl"`. tsdl's own files
 * import it from here too.
 *
 * This file is CommonJS on purpose. When an ES module imports a CommonJS package, Node
 * first scans the package's source for the names it exports, and follows its re-exports:
 * for `@tensorflow/tfjs` that is all seven of its bundles, 7 MB, about 0.25 s of every
 * kernel's first `import "tsdl"`. This file `require`s the package, so Node scans only
 * this file, and finds its one export: the package's own exports object, the one a
 * cell's `import * as tf from "@tensorflow/tfjs"` gets.
 */
import tf = require("@tensorflow/tfjs");
export { tf };
