/**
 * TensorFlow.js itself, re-exported so that a notebook and tsdl share one instance (one
 * engine, one backend, one memory count): `import { tf } from "tsdl"`.
 */
export * as tf from "@tensorflow/tfjs";
