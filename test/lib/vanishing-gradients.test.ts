import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  gradientNormsFigure, initStd, tensorSeed, layerGradientNorms, randomMatrixProductNorms, sigmoidGradientBound, tinyStepExample,
} from "../../lib/index.js";

describe("vanishing and exploding gradients", () => {
  it("per-layer norms equal tf.grad of the same network written out here", () => {
    const norms = layerGradientNorms({ depth: 3, width: 4, activation: "sigmoid", init: "xavier", batch: 5, seed: 7 });
    const std = initStd("xavier", 4, 4);
    const x = tf.randomNormal([5, 4], 0, 1, "float32", tensorSeed(7, 0));
    const ws = [0, 1, 2].map((l) => tf.randomNormal([4, 4], 0, std, "float32", tensorSeed(7, 1 + l)));
    ws.forEach((w, l) => {
      const g = tf.grad((wl: tf.Tensor) => {
        let h = x as tf.Tensor2D;
        ws.forEach((wk, k) => (h = tf.sigmoid(tf.matMul(h, (k === l ? wl : wk) as tf.Tensor2D)) as tf.Tensor2D));
        return tf.mul(0.5, tf.mean(tf.square(h)));
      })(w);
      const expected = tf.norm(g).dataSync()[0] as number;
      assert.ok(Math.abs((norms[l] as number) - expected) < 1e-5 * expected, `layer ${l + 1}: ${norms[l]} vs ${expected}`);
    });
  });

  it("sigmoid, depth 50: layer 1's gradient vanishes; ReLU with He init keeps it", () => {
    const sig = layerGradientNorms({ depth: 50, activation: "sigmoid", init: "xavier" });
    const relu = layerGradientNorms({ depth: 50, activation: "relu", init: "he" });
    assert.equal(sig.length, 50);
    assert.ok((sig[0] as number) < 1e-20 * (sig[49] as number), `sigmoid: first ${sig[0]}, last ${sig[49]}`);
    assert.ok((relu[0] as number) > 1e-3 * (relu[49] as number), `ReLU/He: first ${relu[0]}, last ${relu[49]}`);
    // 0.25^depth bounds the product of sigmoid derivatives
    assert.equal(sigmoidGradientBound(50), 0.25 ** 50);
  });

  it("ReLU with N(0, 1) weights explodes; Xavier shrinks it, He holds it near 1", () => {
    const normal = layerGradientNorms({ depth: 10, activation: "relu", init: "normal" });
    const xavier = layerGradientNorms({ depth: 10, activation: "relu", init: "xavier" });
    const he = layerGradientNorms({ depth: 10, activation: "relu", init: "he" });
    assert.ok((normal[0] as number) > 1e6, `normal: ${normal[0]}`);
    assert.ok((xavier[0] as number) < (he[0] as number), `xavier ${xavier[0]} < he ${he[0]}`);
  });

  it("products of random matrices explode above scale·√n = 1 and vanish below", () => {
    const up = randomMatrixProductNorms({ size: 16, depth: 30, scale: 0.5 }); // 0.5·4 = 2
    const down = randomMatrixProductNorms({ size: 16, depth: 30, scale: 0.125 }); // 0.5
    assert.ok((up[29] as number) > 1e6 && (down[29] as number) < 1e-5, `${up[29]} ${down[29]}`);
    // check the first product against tf directly
    const w = tf.randomNormal([16, 16], 0, 0.5, "float32", tensorSeed(0, 0));
    assert.ok(Math.abs((up[0] as number) - (tf.norm(w).dataSync()[0] as number)) < 1e-4);
  });

  it("is deterministic for a given seed (TensorFlow.js ignores seed 0, so seeds start at 1)", () => {
    assert.deepEqual(layerGradientNorms({ depth: 4, activation: "tanh", init: "xavier" }), layerGradientNorms({ depth: 4, activation: "tanh", init: "xavier" }));
    assert.deepEqual(randomMatrixProductNorms({ size: 4, depth: 3, scale: 1 }), randomMatrixProductNorms({ size: 4, depth: 3, scale: 1 }));
    assert.notDeepEqual(layerGradientNorms({ depth: 4, activation: "tanh", init: "xavier", seed: 1 }), layerGradientNorms({ depth: 4, activation: "tanh", init: "xavier" }));
  });

  it("the notes' tiny step: 0.6 − 0.01·0.00004 = 0.5999996", () => {
    const ex = tinyStepExample();
    assert.equal(ex.newW, 0.5999996);
    assert.equal(ex.change, -4e-7);
  });

  it("figure plots one series per network, log y; bad input names the value", () => {
    const fig = gradientNormsFigure([{ name: "a", norms: [1, 0.1] }, { name: "b", norms: [Infinity, 2] }]);
    assert.equal(fig.data.length, 2);
    assert.equal((fig.layout["yaxis"] as { type: string }).type, "log");
    assert.throws(() => layerGradientNorms({ depth: 0, activation: "relu", init: "he" }), /depth must be an integer ≥ 1, got 0/);
    assert.throws(() => layerGradientNorms({ depth: 3, activation: "gelu" as never, init: "he" }), /activation must be .* got "gelu"/);
    assert.throws(() => layerGradientNorms({ depth: 3, activation: "relu", init: "lecun" as never }), /init must be .* got "lecun"/);
    assert.throws(() => randomMatrixProductNorms({ size: 4, depth: 2, scale: NaN }), /scale must be a finite number, got NaN/);
  });
});
