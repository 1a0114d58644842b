// tsdl's adam(): the fused WASM step against tfjs's own Adam (tf.train.adam) on the CPU backend.
import assert from "node:assert/strict";
import { adam, ensureBackend, shutdownBackend, tf } from "../../lib/index.js";
import { assertSameOnWasmAndCpu, random } from "./compare-backends.js";

describe("adam(): Adam with a fused step on WASM", function () {
  this.timeout(60_000);
  before(async () => {
    await ensureBackend({ force: "wasm" });
  });
  after(async () => shutdownBackend());

  it("takes the fused kernel on WASM, and tfjs's own step elsewhere", () => {
    assert.ok(tf.getKernel("TsdlAdamUpdate", "wasm"));
    assert.equal(tf.getKernel("TsdlAdamUpdate", "cpu"), undefined);
  });

  it("follows tf.train.adam for 5 steps on two variables (weights, both moments)", () => {
    // On wasm: adam() (fused). On cpu: adam() falls back to tf.train.adam's own step.
    // The reference below is tf.train.adam itself, so both paths are checked against it.
    const run = (makeOptimizer: () => tf.Optimizer) => () => {
      const w = tf.variable(random([37, 5], 1), true, "w-" + Math.random());
      const b = tf.variable(random([5], 2), true, "b-" + Math.random());
      const optimizer = makeOptimizer();
      for (let step = 0; step < 5; step++) {
        const g = { [w.name]: random([37, 5], 10 + step).mul(step + 1), [b.name]: random([5], 20 + step) };
        optimizer.applyGradients(g as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
      }
      const result = [w.clone(), b.clone()];
      tf.dispose([w, b]);
      optimizer.dispose();
      return result;
    };
    assertSameOnWasmAndCpu("adam() on wasm vs tf.train.adam on cpu", () => {
      if (tf.getBackend() === "wasm") return run(() => adam({ lr: 0.01 }))();
      return run(() => tf.train.adam(0.01))();
    }, 1e-5);
  });

  it("keeps tfjs's state: class name Adam, config, and weights (iterations, m and v per variable)", async () => {
    const optimizer = adam({ lr: 0.02, beta1: 0.8 });
    const w = tf.variable(tf.ones([3]), true, "w-" + Math.random());
    optimizer.applyGradients({ [w.name]: tf.tensor([1, 2, 3]) } as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
    assert.equal(optimizer.getClassName(), "Adam");
    assert.equal(optimizer.getConfig()["learningRate"], 0.02);
    assert.equal(optimizer.getConfig()["beta1"], 0.8);
    const weights = await optimizer.getWeights();
    assert.deepEqual(weights.map((x) => x.name), ["iter", `${w.name}/m`, `${w.name}/v`]);
    const m = Array.from(weights[1]!.tensor.dataSync());
    m.forEach((value, i) => assert.ok(Math.abs(value - 0.2 * (i + 1)) < 1e-6, `m[${i}] = ${value}, expected ${0.2 * (i + 1)}`));
    tf.dispose(w);
    optimizer.dispose();
  });
});
