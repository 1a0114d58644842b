import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  effectiveLearningRate, gradientDescentStep, ILL_CONDITIONED_LAMBDAS, momentumStep, quadratic, runGradientDescent, runMomentum,
} from "../../lib/index.js";

const close = (a: number, b: number, tol = 1e-4) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

/** Runs a tf optimizer on J(w) = ½ Σ λᵢ wᵢ² and returns every iterate. */
function tfTrajectory(optimizer: tf.Optimizer, lambdas: number[], w0: number[], steps: number): number[][] {
  const w = tf.variable(tf.tensor1d(w0));
  const l = tf.tensor1d(lambdas);
  const path = [w0];
  for (let t = 0; t < steps; t++) {
    optimizer.minimize(() => tf.mul(0.5, tf.sum(tf.mul(l, tf.square(w)))) as tf.Scalar, false, [w]);
    path.push(Array.from(w.dataSync()));
  }
  w.dispose();
  l.dispose();
  optimizer.dispose();
  return path;
}

describe("optimizers: m := βm − η∇J, w := w + m", () => {
  const q = quadratic(ILL_CONDITIONED_LAMBDAS);
  const w0 = [-4, 1];

  for (const [lr, beta] of [[0.01, 0.9], [0.03, 0.5], [0.005, 0.99]] as const) {
    it(`matches tf.train.momentum(${lr}, ${beta}) step for step (tf: a := βa + g, w := w − ηa; m = −ηa)`, () => {
      const ours = runMomentum(q.grad, w0, { lr, beta, steps: 40 });
      const theirs = tfTrajectory(tf.train.momentum(lr, beta), q.lambdas, w0, 40);
      assert.equal(ours.length, theirs.length);
      ours.forEach((w, t) => w.forEach((wi, i) => close(wi, (theirs[t] as number[])[i] as number)));
    });
  }

  it("β = 0 is plain gradient descent: matches tf.train.sgd step for step", () => {
    const ours = runGradientDescent(q.grad, w0, { lr: 0.03, steps: 40 });
    const viaMomentum = runMomentum(q.grad, w0, { lr: 0.03, beta: 0, steps: 40 });
    const theirs = tfTrajectory(tf.train.sgd(0.03), q.lambdas, w0, 40);
    assert.deepEqual(ours, viaMomentum);
    ours.forEach((w, t) => w.forEach((wi, i) => close(wi, (theirs[t] as number[])[i] as number)));
  });

  it("one step by hand: m = 0.9·m − 0.1·g, w = w + m", () => {
    const s = momentumStep({ w: [1, 2], m: [0.5, -1] }, [2, 4], { lr: 0.1, beta: 0.9 });
    close(s.m[0] as number, 0.25);
    close(s.m[1] as number, -1.3);
    close(s.w[0] as number, 1.25);
    close(s.w[1] as number, 0.7);
    assert.deepEqual(gradientDescentStep([1], [2], 0.5), [0]);
  });

  it("on the ill-conditioned quadratic: plain descent crawls or diverges, momentum converges", () => {
    const steps = 100;
    const J = (path: number[][]) => q.f(path[path.length - 1] as number[]);
    const crawl = J(runGradientDescent(q.grad, w0, { lr: 0.01, steps }));
    const diverge = runGradientDescent(q.grad, w0, { lr: 0.041, steps: 300 }); // η > 2/λ₂ = 0.04
    const momentum = J(runMomentum(q.grad, w0, { lr: 0.01, beta: 0.9, steps }));
    assert.ok(crawl > 0.5, `plain descent after ${steps} steps: J = ${crawl}`);
    assert.ok(Math.abs((diverge[diverge.length - 1] as number[])[1] as number) > 1e3, "η = 0.041 diverges along w₂");
    assert.ok(momentum < 1e-3, `momentum after ${steps} steps: J = ${momentum}`);
  });

  it("effective step η/(1−β): a constant gradient makes momentum's velocity approach it", () => {
    close(effectiveLearningRate(0.01, 0.9), 0.1);
    const path = runMomentum(() => [1], [0], { lr: 0.01, beta: 0.9, steps: 200 });
    const lastStep = (path[200] as number[])[0]! - (path[199] as number[])[0]!;
    close(lastStep, -0.1, 1e-6);
  });

  it("bad input: β outside [0, 1), η ≤ 0, NaN gradients, mismatched sizes, empty w0", () => {
    assert.throws(() => effectiveLearningRate(0.1, 1), /beta \(β\) must be in \[0, 1\), got 1/);
    assert.throws(() => runMomentum(q.grad, w0, { lr: 0, beta: 0.9, steps: 1 }), /lr \(η\) must be > 0, got 0/);
    assert.throws(() => runMomentum(q.grad, w0, { lr: NaN, steps: 1 }), /lr \(η\) must be a finite number, got NaN/);
    assert.throws(() => runMomentum(() => [NaN, 0], w0, { lr: 0.1, steps: 3 }), /gradient at step 0.*NaN at \[0\]/);
    assert.throws(() => momentumStep({ w: [1, 2], m: [0, 0] }, [1], { lr: 0.1 }), /w has 2 values, m 2, the gradient 1/);
    assert.throws(() => runMomentum(q.grad, [], { lr: 0.1, steps: 1 }), /w0 is empty/);
    assert.throws(() => quadratic([1, -2]), /lambdas\[1\] must be > 0.*got -2/);
    assert.throws(() => q.f([1]), /w has 1 values for 2 curvatures/);
  });
});
