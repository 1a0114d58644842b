import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  bowlRate, effectiveLearningRate, gradientDescentStep, ILL_CONDITIONED_LAMBDAS, momentumRate, momentumRateMap, momentumStep, optimalSettings,
  quadratic, runGradientDescent, runMomentum, stepsToShrink,
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

describe("Nesterov's momentum: the gradient at the look-ahead w + βm", () => {
  const q = quadratic(ILL_CONDITIONED_LAMBDAS);
  for (const [lr, beta] of [[0.01, 0.9], [0.03, 0.5]] as const) {
    it(`η = ${lr}, β = ${beta}: w + βm follows tf.train.momentum(η, β, useNesterov = true) step for step`, () => {
      const ours = runMomentum(q.grad, [-4, 1], { lr, beta, steps: 40, nesterov: true });
      const theirs = tfTrajectory(tf.train.momentum(lr, beta, true), q.lambdas, [-4, 1], 40);
      ours.forEach((w, t) => {
        const prev = ours[Math.max(0, t - 1)] as number[];
        w.forEach((wi, i) => close(wi + beta * (wi - (prev[i] as number)), (theirs[t] as number[])[i] as number));
      });
    });
  }
  it("differs from plain momentum (the look-ahead changes the path)", () => {
    const plain = runMomentum(q.grad, [-4, 1], { lr: 0.03, beta: 0.9, steps: 5 });
    const nag = runMomentum(q.grad, [-4, 1], { lr: 0.03, beta: 0.9, steps: 5, nesterov: true });
    assert.ok(Math.abs((plain[5] as number[])[1]! - (nag[5] as number[])[1]!) > 1e-3);
  });
});

describe("momentum's convergence rate (Distill)", () => {
  /** ρ measured from a run: the per-step shrink of ‖(w, m)‖ between steps 500 and 3,000. */
  function measuredRate(lr: number, beta: number, lambda: number): number {
    const path = runMomentum((w) => [lambda * w[0]!], [1], { lr, beta, steps: 3000, blowUp: 1e305 });
    const size = (t: number) => Math.hypot(path[t]![0]!, path[t]![0]! - path[t - 1]![0]!);
    let end = 3000;
    while (size(end) < 1e-250) end -= 100;   // fast rates underflow before step 3,000
    const start = Math.floor(end / 6);
    return (size(end) / size(start)) ** (1 / (end - start));
  }
  for (const [lr, beta, lambda] of [[0.01, 0, 1], [0.035, 0.7, 50], [0.035, 0.7, 1], [0.02, 0.9, 1], [0.05, 0.3, 30], [0.045, 0, 50]] as const) {
    it(`η = ${lr}, β = ${beta}, λ = ${lambda}: the eigenvalue formula is what a run shows`, () => {
      close(momentumRate(lr, beta, lambda), measuredRate(lr, beta, lambda), 2e-3);
    });
  }
  it("the optimal (η, β) on λ = (1, 50): no grid point beats it, the rate is (√κ − 1)/(√κ + 1)", () => {
    const best = optimalSettings([1, 50]);
    close(best.kappa, 50);
    close(best.momentum.rate, (Math.sqrt(50) - 1) / (Math.sqrt(50) + 1), 1e-12);
    close(bowlRate(best.momentum.lr, best.momentum.beta, [1, 50]), best.momentum.rate, 1e-6);
    close(bowlRate(best.descent.lr, 0, [1, 50]), best.descent.rate, 1e-9);
    for (let lr = 0.002; lr < 0.08; lr += 0.002) {
      for (let beta = 0; beta < 1; beta += 0.01) assert.ok(bowlRate(lr, beta, [1, 50]) >= best.momentum.rate - 1e-9, `η = ${lr}, β = ${beta}`);
      assert.ok(bowlRate(lr, 0, [1, 50]) >= best.descent.rate - 1e-9);
    }
    assert.equal(stepsToShrink(0.5, 1e-3), 10);
    assert.equal(stepsToShrink(1.2, 1e-3), Infinity);
  });
  it("the map has one cell per (η, β), and bad input is named", () => {
    const fig = momentumRateMap({ lrs: [0.01, 0.02, 0.03], betas: [0, 0.5] });
    const z = (fig.data[0] as { z: number[][] }).z;
    assert.deepEqual([z.length, z[0]!.length], [2, 3]);
    close(z[1]![2]!, bowlRate(0.03, 0.5, [1, 50]), 1e-12);
    assert.throws(() => momentumRate(0.1, 1, 1), /beta \(β\) must be in \[0, 1\), got 1/);
    assert.throws(() => optimalSettings([1, 0]), /curvatures must be > 0, got 0/);
    assert.throws(() => momentumRateMap({ lrs: [0.1], betas: [0, 0.5] }), /at least two η and two β, got 1 and 2/);
  });
});
