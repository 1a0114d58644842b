import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  activations, elu, eluDerivative, leakyRelu, leakyReluDerivative, relu, reluDerivative,
  sigmoid, sigmoidDerivative, tanh, tanhDerivative,
} from "../../lib/index.js";

const ZS = [-7.8, -3, -1.2, -0.3, 0.4, 1, 2.5, 6];
const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

/** f and df against TensorFlow.js's op and tf.grad of it. */
function checkAgainstTf(f: (z: number) => number, df: (z: number) => number, op: (x: tf.Tensor) => tf.Tensor) {
  const x = tf.tensor1d(ZS);
  const values = op(x).arraySync() as number[];
  const grads = tf.grad((t: tf.Tensor) => tf.sum(op(t)))(x).arraySync() as number[];
  ZS.forEach((z, i) => {
    close(f(z), values[i] as number);
    close(df(z), grads[i] as number);
  });
}

describe("activations (against tf ops and tf.grad)", () => {
  it("sigmoid and σ' = σ(1 − σ)", () => checkAgainstTf(sigmoid, sigmoidDerivative, tf.sigmoid));
  it("tanh and 1 − tanh²", () => checkAgainstTf(tanh, tanhDerivative, tf.tanh));
  it("ReLU", () => checkAgainstTf(relu, reluDerivative, tf.relu));
  for (const alpha of [0.01, 0.2]) {
    it(`LeakyReLU with α = ${alpha} passed explicitly`, () =>
      checkAgainstTf((z) => leakyRelu(z, alpha), (z) => leakyReluDerivative(z, alpha), (x) => tf.leakyRelu(x, alpha)));
  }
  it("ELU with α = 1 (tf.elu's only α)", () => checkAgainstTf((z) => elu(z, 1), (z) => eluDerivative(z, 1), tf.elu));
  it("ELU with α = 0.5 against α·(e^z − 1) written in tf", () =>
    checkAgainstTf((z) => elu(z, 0.5), (z) => eluDerivative(z, 0.5), (x) => tf.where(tf.greater(tf.tensor1d(ZS), 0), x, tf.mul(0.5, tf.sub(tf.exp(x), 1)))));

  it("the notes' LeakyReLU(−7.8) with α = 0.01 is −0.078, not tf's default α", () => {
    assert.equal(leakyRelu(-7.8, 0.01), -0.078);
    close(tf.leakyRelu(tf.scalar(-7.8), 0.01).arraySync() as number, -0.078);
    close(tf.leakyRelu(tf.scalar(-7.8)).arraySync() as number, -1.56); // tf's default α = 0.2
  });

  it("LeakyReLU with α = 0 is ReLU; σ' peaks at 0.25", () => {
    for (const z of ZS) assert.equal(leakyRelu(z, 0), relu(z));
    assert.equal(sigmoidDerivative(0), 0.25);
  });

  it("derivative at z = 0 follows TensorFlow.js (ReLU 0, LeakyReLU α)", () => {
    const g = (op: (x: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(op(t)))(tf.tensor1d([0])).arraySync() as number[];
    close(reluDerivative(0), g(tf.relu)[0] as number);
    close(leakyReluDerivative(0, 0.01), g((x) => tf.leakyRelu(x, 0.01))[0] as number);
  });

  it("rejects NaN, a missing α and α outside [0, 1], naming the value", () => {
    assert.throws(() => sigmoid(NaN), /sigmoid: z must be a finite number, got NaN/);
    assert.throws(() => leakyRelu(-1, undefined as unknown as number), /alpha \(α\) must be a finite number, got undefined/);
    assert.throws(() => leakyRelu(-1, 1.5), /alpha \(α\) must be in \[0, 1\].*got 1.5/);
    assert.throws(() => elu(1, -1), /elu: alpha \(α\) must be ≥ 0, got -1/);
    assert.throws(() => activations({} as never), /alpha/);
  });

  it("lists five activations with their α in the names", () => {
    assert.deepEqual(activations({ leakyAlpha: 0.01, eluAlpha: 1 }).map((a) => a.name), ["sigmoid", "tanh", "ReLU", "LeakyReLU (α = 0.01)", "ELU (α = 1)"]);
  });
});
