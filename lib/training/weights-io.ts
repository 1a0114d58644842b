/**
 * Saving a model to files and loading it back, in Node. TensorFlow.js's own `file://` handler
 * lives only in `@tensorflow/tfjs-node`, which does not load everywhere; this is the same
 * format (a `model.json` with the topology and a weights manifest, and a `weights.bin`)
 * written with `node:fs`, so either package can read what the other wrote.
 * @see notebooks/08-transfer-learning.ipynb
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tf } from "../tf.cjs";

/** The files in a saved-model directory. */
export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

/** A directory that does not hold a readable saved model. */
export class ModelFileError extends Error {
  override name = "ModelFileError";
}

async function readJson(path: string): Promise<tf.io.ModelJSON> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ModelFileError(`${path}: cannot read the model (${(error as Error).message})\nhelp: save one first with saveModel(model, dir)`);
  }
  try {
    return JSON.parse(text) as tf.io.ModelJSON;
  } catch (error) {
    throw new ModelFileError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** An IOHandler with both halves: `save` and `load`. */
export interface FileHandler extends tf.io.IOHandler {
  save: tf.io.SaveHandler;
  load: tf.io.LoadHandler;
}

/**
 * An IOHandler that saves to and loads from directory `dir`:
 * `await model.save(fileHandler(dir))`, `await tf.loadLayersModel(fileHandler(dir))`.
 */
export function fileHandler(dir: string): FileHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new ModelFileError("fileHandler: binary model topologies are not supported; save a Layers model");
      }
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: artifacts.convertedBy ?? null,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      await writeFile(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          modelTopologyBytes: JSON.stringify(modelJson.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weightData.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = await readJson(join(dir, MODEL_JSON));
      const manifest = modelJson.weightsManifest ?? [];
      const buffers: ArrayBuffer[] = [];
      for (const group of manifest) {
        for (const path of group.paths) {
          const file = join(dir, path);
          const bytes = await readFile(file).catch((error: Error) => {
            throw new ModelFileError(`${file}: cannot read the weights named in ${MODEL_JSON} (${error.message})`);
          });
          buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        }
      }
      const weightSpecs = manifest.flatMap((group) => group.weights);
      const weightData = tf.io.concatenateArrayBuffers(buffers);
      const expected = weightSpecs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
      if (weightSpecs.every((spec) => spec.dtype === "float32" && spec.quantization === undefined) && weightData.byteLength !== expected) {
        throw new ModelFileError(
          `${join(dir, WEIGHTS_BIN)}: ${weightData.byteLength} bytes of weights, but ${MODEL_JSON} describes ${expected}; the files do not belong together or one is truncated`,
        );
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async () => [weightSpecs, weightData]);
    },
  };
}

/** Saves `model` (topology, weights, training config) into directory `dir`. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  return model.save(fileHandler(dir));
}

/** Loads a model saved by `saveModel` (or by tfjs-node's `file://` handler) from `dir`. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileHandler(dir));
}

/**
 * Loads only the weights saved in `dir` into `model`, matching them by name
 * (`conv/kernel`, `dense_512/bias`, …): the model must have the same layers.
 */
export async function loadWeightsInto(model: tf.LayersModel, dir: string): Promise<void> {
  const artifacts = await fileHandler(dir).load();
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new ModelFileError(`${join(dir, MODEL_JSON)}: no weights in this saved model`);
  }
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    model.loadWeights(weights, true);
  } finally {
    tf.dispose(Object.values(weights));
  }
}
