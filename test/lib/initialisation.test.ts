import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initStd, layerVarianceGains, trainFromStart } from "../../lib/index.js";

describe("initialisation: where Xavier and He come from", () => {
  it("forward gain nIn·σ², backward gain nOut·σ² (one 100 → 25 layer)", () => {
    for (const std of [1 / Math.sqrt(100), 1 / Math.sqrt(25), initStd("xavier", 100, 25)]) {
      const g = layerVarianceGains({ nIn: 100, nOut: 25, std });
      assert.ok(Math.abs(g.forward / (100 * std ** 2) - 1) < 0.08, `forward ${g.forward} vs ${100 * std ** 2}`);
      assert.ok(Math.abs(g.backward / (25 * std ** 2) - 1) < 0.08, `backward ${g.backward} vs ${25 * std ** 2}`);
    }
  });

  it("the backward gradient is the upstream gradient times Wᵀ (tf.grad against a hand product)", () => {
    // same seeds as the library: x, W, upstream are tensors 1, 2, 3 of seed 0
    const w = tf.randomNormal([6, 3], 0, 0.4, "float32", 2);
    const up = tf.randomNormal([8, 3], 0, 1, "float32", 3);
    const byHand = tf.moments(tf.matMul(up, w, false, true)).variance.dataSync()[0]! / tf.moments(up).variance.dataSync()[0]!;
    assert.ok(Math.abs(layerVarianceGains({ nIn: 6, nOut: 3, std: 0.4, batch: 8 }).backward - byHand) < 1e-4);
  });

  it("a constant start keeps every hidden unit identical; a random one does not", () => {
    const constant = trainFromStart({ start: "constant" });
    const random = trainFromStart({ start: "random" });
    for (const row of constant.w1) row.forEach((v) => assert.ok(Math.abs(v - row[0]!) < 1e-6, `row ${row}`));
    assert.ok(constant.w1.some((row) => Math.abs(row[0]! - 0.5) > 1e-3), "the constant network did learn something");
    assert.ok(random.w1.some((row) => Math.abs(row[0]! - row[1]!) > 0.05));
    assert.ok(random.lossAfter < constant.lossAfter, `random ${random.lossAfter} vs constant ${constant.lossAfter}`);
  });

  it("bad input names the value", () => {
    assert.throws(() => layerVarianceGains({ nIn: 0, nOut: 3, std: 1 }), /layerVarianceGains: nIn must be an integer ≥ 1, got 0/);
    assert.throws(() => layerVarianceGains({ nIn: 3, nOut: 3, std: -1 }), /std must be > 0, got -1/);
    assert.throws(() => trainFromStart({ start: "zeros" as "constant" }), /start must be "constant" or "random", got "zeros"/);
  });
});
