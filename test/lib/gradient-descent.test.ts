import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  gradientDescent1d, gradientDescent2d, gradientDescentFigure, maxStableLearningRate, quadraticConvergence,
} from "../../lib/index.js";

describe("gradient descent: w := w − η dJ/dw", () => {
  // J(w) = (w − 3)² + 1, dJ/dw from tf.grad, not by hand.
  const J = (w: tf.Tensor) => tf.add(tf.square(tf.sub(w, 3)), 1);
  const tfGrad = (w: number) => tf.grad(J)(tf.scalar(w)).arraySync() as number;

  it("1-D iterates match a loop over tf.grad", () => {
    const ws = gradientDescent1d(tfGrad, { w0: -2, lr: 0.1, steps: 25 });
    let w = -2;
    ws.forEach((wi, t) => {
      assert.ok(Math.abs(wi - w) < 1e-6, `step ${t}: ${wi} vs ${w}`);
      w = w - 0.1 * tfGrad(w);
    });
    assert.ok(Math.abs((ws[25] as number) - 3) < 0.05);
  });

  it("2-D iterates match tf.train.sgd on J = w₁² + 5w₂²", () => {
    const path = gradientDescent2d((a, b) => [2 * a, 10 * b], { w0: [2, 1], lr: 0.05, steps: 20 });
    const w = tf.variable(tf.tensor1d([2, 1]));
    const opt = tf.train.sgd(0.05);
    for (let t = 1; t <= 20; t++) {
      opt.minimize(() => tf.sum(tf.mul(tf.tensor1d([1, 5]), tf.square(w))) as tf.Scalar, false, [w]);
      const [a, b] = Array.from(w.dataSync());
      assert.ok(Math.abs((path[t] as number[])[0]! - a!) < 1e-5 && Math.abs((path[t] as number[])[1]! - b!) < 1e-5, `step ${t}`);
    }
  });

  it("0 < ηλ < 2 converges; ηλ ≥ 2 diverges (checked by running it)", () => {
    const lambda = 4; // J = 2w², dJ/dw = 4w
    for (const lr of [0.01, 0.2, 0.25, 0.4, 0.49, 0.5, 0.6]) {
      const c = quadraticConvergence(lr, lambda);
      const ws = gradientDescent1d((w) => lambda * w, { w0: 1, lr, steps: 200 });
      const last = Math.abs(ws[ws.length - 1] as number);
      assert.equal(c.converges, lr * lambda < 2, `η = ${lr}`);
      assert.equal(last < 1, c.converges, `η = ${lr}: |w_200| = ${last}`);
      assert.ok(Math.abs((ws[1] as number) - c.factor) < 1e-12, "w₁ = (1 − ηλ)·w₀");
    }
    assert.equal(quadraticConvergence(0.01, 4).regime, "slow");
    assert.equal(quadraticConvergence(0.25, 4).regime, "one step");
    assert.equal(quadraticConvergence(0.4, 4).regime, "oscillating");
    assert.equal(quadraticConvergence(0.5, 4).regime, "divergent");
    assert.equal(maxStableLearningRate(4), 0.5);
  });

  it("figure: a slider step per η, each restyling the iterates", () => {
    const fig = gradientDescentFigure({ f: (w) => w * w, grad: (w) => 2 * w, w0: 2, lrs: [0.01, 0.3, 1.05], steps: 10 });
    const slider = (fig.layout["sliders"] as { steps: { label: string; args: [Record<string, unknown[]>, unknown, number[]] }[] }[])[0]!;
    assert.deepEqual(slider.steps.map((s) => s.label), ["0.01", "0.3", "1.05"]);
    const xs = slider.steps[2]!.args[0]["x"]![0] as number[];
    assert.ok(Math.abs(xs[xs.length - 1]!) > Math.abs(xs[0]!), "η = 1.05 > 2/λ = 1 moves away");
    assert.deepEqual(slider.steps[0]!.args[2], [1]);
  });

  it("bad input names the value", () => {
    assert.throws(() => gradientDescent1d((w) => w, { w0: NaN, lr: 0.1, steps: 3 }), /w0 must be a finite number, got NaN/);
    assert.throws(() => gradientDescent1d((w) => w, { w0: 1, lr: -0.1, steps: 3 }), /lr \(η\) must be > 0, got -0.1/);
    assert.throws(() => gradientDescent1d((w) => w, { w0: 1, lr: 0.1, steps: 1.5 }), /steps must be an integer ≥ 0, got 1.5/);
    assert.throws(() => quadraticConvergence(0.1, 0), /lambda \(λ\) must be > 0, got 0/);
    assert.throws(() => gradientDescentFigure({ f: (w) => w, grad: (w) => w, w0: 1, lrs: [], steps: 3 }), /lrs must list at least one/);
  });
});
