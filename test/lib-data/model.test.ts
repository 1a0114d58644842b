// The course CNN: the notes' layer shapes and parameter count, and its self-displaying summary.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createCourseCnn, modelSummary, JUPYTER_DISPLAY, FEATURE_LAYERS } from "../../lib/index.js";
import { useLibraryBackend } from "./backend-hooks.js";

useLibraryBackend();

describe("the course CNN", () => {
  it("has the notes' output shapes: 26×26×16, 25×25×16, 10,000, 512, 200, 10", () => {
    const model = createCourseCnn({ seed: 1 });
    const shapes = model.layers.map((l) => (l.outputShape as (number | null)[]).slice(1));
    assert.deepEqual(shapes, [[26, 26, 16], [25, 25, 16], [10_000], [512], [512], [200], [200], [10]]);
    assert.deepEqual(model.layers.map((l) => l.name), ["conv", "pool", "flatten", "dense_512", "dropout_1", "dense_200", "dropout_2", "output"]);
    // The shapes the model declares are the shapes it computes.
    const out = tf.tidy(() => (model.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor).shape);
    assert.deepEqual(out, [3, 10]);
    assert.deepEqual(FEATURE_LAYERS, ["conv", "pool", "flatten"]);
  });

  it("has 5,225,282 parameters: 160 + 5,120,512 + 102,600 + 2,010", () => {
    const model = createCourseCnn();
    assert.equal(model.countParams(), 5_225_282);
    assert.deepEqual(model.layers.map((l) => l.countParams()), [3 * 3 * 16 + 16, 0, 0, 10_000 * 512 + 512, 0, 512 * 200 + 200, 0, 200 * 10 + 10]);
  });

  it("summarises itself as a table in plain text and HTML, counting frozen layers apart", () => {
    const model = createCourseCnn();
    const summary = modelSummary(model);
    assert.equal(summary.totalParams, 5_225_282);
    assert.equal(summary.nonTrainableParams, 0);
    const bundle = summary[JUPYTER_DISPLAY]();
    const text = bundle["text/plain"] as string;
    assert.match(text, /conv \(Conv2D\)\s+\(None, 26, 26, 16\)\s+160/);
    assert.match(text, /pool \(MaxPooling2D\)\s+\(None, 25, 25, 16\)\s+0/);
    assert.match(text, /Total params: 5,225,282/);
    assert.match(bundle["text/html"] as string, /<table>.*dense_512.*5,120,512/s);
    model.getLayer("conv").trainable = false;
    const frozen = modelSummary(model);
    assert.equal(frozen.nonTrainableParams, 160);
    assert.equal(frozen.trainableParams, 5_225_282 - 160);
  });

  it("seeds its initial weights", () => {
    const [a, b, c] = [createCourseCnn({ seed: 4 }), createCourseCnn({ seed: 4 }), createCourseCnn({ seed: 5 })];
    const kernel = (m: tf.LayersModel) => m.getLayer("conv").getWeights()[0]!.dataSync();
    assert.deepEqual(kernel(a), kernel(b));
    assert.notDeepEqual(kernel(a), kernel(c));
  });
});
