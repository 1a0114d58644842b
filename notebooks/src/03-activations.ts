// %% [markdown]
// # 03 · Activations: ReLU and LeakyReLU
//
// The notes, as the instructor wrote them:
//
// > ReLU $f(x) = \max(0, x)$
// >
// > LeakyReLU $_{\alpha}(z) = \max(\alpha z, z)$
// >
// > $$\text{If } z = -7.8$$
// > $$\alpha = 0.01$$
// > $$\text{Act}(z) = \max((0.01)(-7.8), -7.8)$$
//
// An **activation** is the function a neuron applies to its weighted sum $z = w \cdot x + b$.
// This lesson: why a network needs one at all → ReLU and its slope → LeakyReLU and the notes'
// worked example, to the last digit → the five common activations side by side, their
// derivatives checked against `tf.grad` → what the derivatives mean for the vanishing gradients
// of lesson 02 → "dead" ReLUs → your turn.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, linePlot, Table,
  relu, reluDerivative, leakyRelu, leakyReluDerivative, sigmoidDerivative, tanhDerivative,
  activations, activationsFigure,
} from "tsdl";

const backend = await ensureBackend();   // "tensorflow", "wasm" or "cpu": the lesson runs the same on each

// %% [markdown]
// ## 1 · Why a network needs a non-linear activation
//
// Two layers without an activation, $W_2(W_1 x)$, are one layer in disguise: $(W_2 W_1)x$.
// However many we stack, the network can only draw straight lines. **Predict:** do the two
// printed vectors agree?

// %%
const W1 = tf.tensor2d([[1, -2], [0.5, 3]]);
const W2 = tf.tensor2d([[2, 1], [-1, 0.5]]);
const x = tf.tensor2d([[1.5], [-0.5]]);                       // a column vector
const twoLayers = W2.matMul(W1.matMul(x));
const oneLayer = W2.matMul(W1).matMul(x);
console.log("W2(W1 x) =", Array.from(twoLayers.dataSync()));
console.log("(W2 W1)x =", Array.from(oneLayer.dataSync()));
const withRelu = W2.matMul(tf.relu(W1.matMul(x)));
console.log("W2 ReLU(W1 x) =", Array.from(withRelu.dataSync()), "← different: the kink matters");

// %% [markdown]
// ## 2 · ReLU: $f(x) = \max(0, x)$
//
// The **Re**ctified **L**inear **U**nit lets positive inputs through unchanged and replaces
// negative ones by $0$. **Predict** $f(-7.8)$, $f(0)$ and $f(2.5)$.

// %%
for (const v of [-7.8, 0, 2.5]) console.log(`ReLU(${v}) = max(0, ${v}) = ${relu(v)}`);
const zs = [-7.8, -1, 0, 0.5, 2.5];
const tfRelu = Array.from(tf.relu(tf.tensor1d(zs)).dataSync());
zs.forEach((v, i) => assert.ok(tfRelu[i] === relu(v), `tf.relu and relu differ at ${v}`));   // same as tf.relu

// %% [markdown]
// ([`relu`](../lib/gradients/activations.ts) is the library's one-line version; `tf.relu` is TensorFlow.js's.)
//
// Its slope is as simple: $f'(x) = 1$ for $x > 0$ and $0$ for $x < 0$. At $x = 0$ the kink has no
// slope; TensorFlow.js, like every framework, uses $0$ there. `tf.grad` agrees:

// %%
const reluGrad = tf.grad((t: tf.Tensor) => tf.relu(t));
const reluSlopes = Array.from(reluGrad(tf.tensor1d(zs)).dataSync());
new Table(["z", "ReLU(z)", "ReLU′(z) by hand", "tf.grad"], zs.map((z, i) => [z, relu(z), reluDerivative(z), reluSlopes[i]!]));

// %% [markdown]
// The $0$ in the slope column is ReLU's weak spot: a neuron whose $z$ is negative for every input
// gets **no gradient at all**, so gradient descent never changes its weights. (Section 6 shows one.)
//
// ## 3 · LeakyReLU: $\text{LeakyReLU}_\alpha(z) = \max(\alpha z, z)$
//
// LeakyReLU keeps a small slope $\alpha$ on the negative side instead of $0$. For $0 \le \alpha \le 1$:
// when $z > 0$, $z \ge \alpha z$ so the max is $z$; when $z < 0$, $\alpha z \ge z$ so the max is $\alpha z$.
//
// **The notes' worked example.** $z = -7.8$, $\alpha = 0.01$:
//
// $$\text{Act}(z) = \max((0.01)(-7.8),\ -7.8) .$$
//
// **Predict** each printed line before you run the cell: $\alpha z$, and which of the two the max keeps.

// %%
const z = -7.8;
const alpha = 0.01;
const alphaZ = alpha * z;
console.log(`α·z          = (${alpha})(${z}) = ${alphaZ}`);
console.log(`max(α·z, z)  = max(${alphaZ}, ${z}) = ${Math.max(alphaZ, z)}`);
console.log(`leakyRelu(z, α) = ${leakyRelu(z, alpha)}`);
assert.equal(leakyRelu(z, alpha), -0.078);
assert.equal(Math.max(alphaZ, z), -0.078);

// %% [markdown]
// $\max(-0.078,\ -7.8) = -0.078$. A ReLU would have output $0$ here; LeakyReLU outputs $-0.078$ — small, but not zero, and its
// slope is $\alpha = 0.01$ instead of $0$, so the neuron still learns.
//
// **A trap in TensorFlow.js.** Its LeakyReLU has a *default* $\alpha$, and it is not the notes' $0.01$:
// `tf.leakyRelu(x)` uses $\alpha = 0.2$ and the layer `tf.layers.leakyReLU()` uses $\alpha = 0.3$.
// Always pass $\alpha$. **Predict** the three outputs for $z = -7.8$.

// %%
const zT = tf.tensor1d([z]);
const explicit = tf.leakyRelu(zT, 0.01).dataSync()[0]!;
const opDefault = tf.leakyRelu(zT).dataSync()[0]!;
const layerDefault = (tf.layers.leakyReLU().apply(zT) as tf.Tensor).dataSync()[0]!;
new Table(["call", "α", "output at z = −7.8"], [
  ["tf.leakyRelu(z, 0.01)", 0.01, Number(explicit.toFixed(6))],
  ["tf.leakyRelu(z)", 0.2, Number(opDefault.toFixed(6))],
  ["tf.layers.leakyReLU().apply(z)", 0.3, Number(layerDefault.toFixed(6))],
], { caption: `The same z, three different answers (float32 tensors on the ${backend} backend, rounded to 6 digits)` });

// %%
assert.ok(Math.abs(explicit - -0.078) < 1e-7);
assert.ok(Math.abs(opDefault - -1.56) < 1e-6);
assert.ok(Math.abs(layerDefault - -2.34) < 1e-6);

// %% [markdown]
// With $\alpha = 0$, LeakyReLU **is** ReLU: $\max(0 \cdot z, z) = \max(0, z)$. The library builds ReLU
// exactly that way ([`relu`](../lib/gradients/activations.ts) calls [`leakyRelu`](../lib/gradients/activations.ts) with $\alpha = 0$).

// %%
for (const v of [-3, -0.5, 0, 2]) assert.equal(leakyRelu(v, 0), relu(v));
console.log("LeakyReLU with α = 0 equals ReLU at -3, -0.5, 0, 2");

// %% [markdown]
// ## 4 · The activations side by side
//
// Besides ReLU and LeakyReLU you will meet three others:
//
// $$\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad
// \text{ELU}_\alpha(z) = \begin{cases} z & z > 0 \\ \alpha(e^{z} - 1) & z \le 0 \end{cases}$$
//
// [`activationsFigure`](../lib/gradients/activations.ts) draws them (LeakyReLU with the notes' $\alpha = 0.01$
// looks almost like ReLU at this scale; zoom in on the negative side).

// %%
activationsFigure({ leakyAlpha: 0.01, eluAlpha: 1 });

// %% [markdown]
// And their **derivatives**, which is what backpropagation multiplies together. **Predict** the
// highest point of the sigmoid's derivative.

// %%
activationsFigure({ leakyAlpha: 0.01, eluAlpha: 1, derivatives: true });

// %% [markdown]
// The sigmoid's slope peaks at $\sigma'(0) = \sigma(0)(1 - \sigma(0)) = 0.5 \cdot 0.5 = 0.25$ and tanh's at
// $1$; ReLU's is exactly $1$ for every positive input.
//
// ## 5 · Checking every derivative against `tf.grad`
//
// The closed forms in [`activations`](../lib/gradients/activations.ts) are written by hand, so we check them
// against TensorFlow.js's automatic derivatives at a few points (avoiding the kink at $0$).

// %%
const probe = [-4, -1.3, -0.2, 0.3, 2.2];
const tfFns: Record<string, (t: tf.Tensor) => tf.Tensor> = {
  sigmoid: (t) => tf.sigmoid(t),
  tanh: (t) => tf.tanh(t),
  ReLU: (t) => tf.relu(t),
  "LeakyReLU (α = 0.01)": (t) => tf.leakyRelu(t, 0.01),
  "ELU (α = 1)": (t) => tf.elu(t),
};
const checkRows = activations({ leakyAlpha: 0.01, eluAlpha: 1 }).map((a) => {
  const g = Array.from(tf.grad(tfFns[a.name]!)(tf.tensor1d(probe)).dataSync());
  const worst = Math.max(...probe.map((p, i) => Math.abs(a.df(p) - g[i]!)));
  assert.ok(worst < 1e-6, `${a.name}: closed form and tf.grad differ by ${worst}`);
  return [a.name, probe.map((p) => a.df(p).toFixed(4)).join("  "), worst.toExponential(1)];
});
new Table(["activation", `f′ at z = ${probe.join(", ")}`, "max |closed form − tf.grad|"], checkRows);

// %% [markdown]
// ## 6 · What the slopes do to a deep network
//
// Lesson 02 shows that the gradient reaching the first layer of a deep network is (roughly) a
// **product** of one activation slope per layer. Multiply the best possible slope ten times:
// **predict** the order of magnitude for the sigmoid.

// %%
const depth = 10;
const best = { sigmoid: sigmoidDerivative(0), tanh: tanhDerivative(0), ReLU: reluDerivative(1), "LeakyReLU, α = 0.01": leakyReluDerivative(1, 0.01) };
new Table(["activation", "largest slope", `slope^${depth}`], Object.entries(best).map(([name, s]) => [name, s, s ** depth]),
  { caption: "The best case: every layer at the activation's steepest point" });

// %% [markdown]
// Even in the *best* case ten sigmoid layers shrink the gradient by $0.25^{10} \approx 10^{-6}$ — the
// vanishing gradient of the notes. tanh, ReLU and LeakyReLU reach a slope of exactly $1$, and ReLU and LeakyReLU
// keep it for every positive input, not just at one point.
//
// Where the slopes differ is the **negative side**, where a unit is switched off. A gradient reaches a weight only
// along paths of active units, so what matters there is whether the slope is $0$ or not:

// %%
const negativeSide = { sigmoid: sigmoidDerivative(-1), tanh: tanhDerivative(-1), ReLU: reluDerivative(-1), "LeakyReLU, α = 0.01": leakyReluDerivative(-1, 0.01) };
assert.equal(reluDerivative(-1), 0);
assert.equal(leakyReluDerivative(-1, 0.01), 0.01);
new Table(["activation", "slope at z = −1"], Object.entries(negativeSide).map(([name, s]) => [name, s]),
  { caption: "One negative input: ReLU passes nothing back" });

// %% [markdown]
// ReLU passes exactly $0$ back through a unit with $z < 0$; LeakyReLU passes $\alpha = 0.01$, small but not $0$.
// (Ten layers all on the negative side would pass $0.01^{10}$, but in a real network a unit is negative for some
// inputs and positive for others, and the gradient flows through the positive ones with slope $1$.)
//
// **Dead ReLUs.** Give ten ReLU neurons a large negative bias: for every input $z < 0$, the output
// is $0$ *and* the gradient of the weights is $0$. **Predict** the two gradient norms.

// %%
const inputs = tf.randomNormal([64, 4], 0, 1, "float32", 7);          // [batch, 4]
const Wdead = tf.randomNormal([4, 10], 0, 0.1, "float32", 8);         // [4, 10]
const bDead = tf.fill([10], -5);                                      // pushes every z below 0
const lossWith = (act: (t: tf.Tensor) => tf.Tensor) => (W: tf.Tensor) => act(inputs.matMul(W).add(bDead)).sum();
const gReLU = tf.grad(lossWith((t) => tf.relu(t)))(Wdead);
const gLeaky = tf.grad(lossWith((t) => tf.leakyRelu(t, 0.01)))(Wdead);
console.log("‖∂J/∂W‖ with ReLU:          ", gReLU.norm().dataSync()[0]);
console.log("‖∂J/∂W‖ with LeakyReLU 0.01:", gLeaky.norm().dataSync()[0]!.toFixed(4));
assert.equal(gReLU.norm().dataSync()[0], 0);
assert.ok(gLeaky.norm().dataSync()[0]! > 0);

// %% [markdown]
// With ReLU the gradient is exactly zero, so gradient descent will never revive these neurons. With
// LeakyReLU it is small but non-zero: they can still climb back. That is the reason LeakyReLU
// exists.
//
// A last picture: LeakyReLU for several $\alpha$, including the notes' $0.01$.

// %%
const zGrid = Array.from({ length: 101 }, (_, i) => -10 + i * 0.15);
const leakyFig = linePlot(
  [0, 0.01, 0.1, 0.3].map((a) => ({ x: zGrid, y: zGrid.map((v) => leakyRelu(v, a)), name: a === 0 ? "α = 0 (ReLU)" : `α = ${a}` })),
  { title: "LeakyReLU_α(z) = max(αz, z); the dot is the notes' z = −7.8, α = 0.01", xLabel: "z", yLabel: "f(z)" },
);
leakyFig.addTrace({ type: "scatter", mode: "markers", name: "Act(−7.8) = −0.078", x: [-7.8], y: [-0.078], marker: { size: 12, color: "black" } });
leakyFig;

// %% [markdown]
// ## 7 · Exercises
//
// Each exercise is a function to complete (in the student version its body is `throw new Error("not implemented");`),
// followed by a locked cell of tests worth the points shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (2 points): the notes' `Act`
//
// Write `act(z, alpha)`, LeakyReLU exactly as the notes define it, for $0 \le \alpha \le 1$.

// %% {"nbgrader": {"grade_id": "act", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function act(z: number, alpha: number): number {
  // BEGIN SOLUTION
  return Math.max(alpha * z, z);
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "act_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(act(-7.8, 0.01), -0.078);   // the notes' worked example
assert.equal(act(2.5, 0.01), 2.5);
// BEGIN HIDDEN TESTS
assert.ok(act(-7.8, 0) === 0);           // α = 0 is ReLU (=== also accepts −0)
assert.equal(act(-2, 0.3), -0.6);
assert.equal(act(3, 0.3), 3);
assert.equal(act(0, 0.5), 0);
assert.equal(act(-10, 1), -10);          // α = 1 is the identity
for (const v of [-5, -1.25, 0.75, 4]) assert.equal(act(v, 0.2), leakyRelu(v, 0.2));
// END HIDDEN TESTS
console.log("act: visible tests passed");

// %% [markdown]
// ### Exercise 2 (2 points): its slope
//
// Write `actDerivative(z, alpha)`: $1$ for $z > 0$, $\alpha$ for $z < 0$, and (like TensorFlow.js) $\alpha$
// at $z = 0$. The hidden tests compare it with `tf.grad` of `tf.leakyRelu`.

// %% {"nbgrader": {"grade_id": "act_derivative", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function actDerivative(z: number, alpha: number): number {
  // BEGIN SOLUTION
  return z > 0 ? 1 : alpha;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "act_derivative_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(actDerivative(-7.8, 0.01), 0.01);
assert.equal(actDerivative(3, 0.01), 1);
// BEGIN HIDDEN TESTS
{
  const pts = [-6, -0.5, 0, 0.25, 9];
  for (const a of [0, 0.01, 0.2, 0.7]) {
    const g = Array.from(tf.grad((t: tf.Tensor) => tf.leakyRelu(t, a))(tf.tensor1d(pts)).dataSync());
    pts.forEach((p, i) => assert.ok(Math.abs(actDerivative(p, a) - g[i]!) < 1e-6, `α = ${a}, z = ${p}: expected ${g[i]}, got ${actDerivative(p, a)}`));
  }
}
// END HIDDEN TESTS
console.log("actDerivative: visible tests passed");

// %% [markdown]
// ### Exercise 3 (2 points): when $\max(\alpha z, z)$ stops being LeakyReLU
//
// The notes' formula relies on $\alpha \le 1$. Try $\alpha = 2$ at $z = 3$: $\max(6, 3) = 6$, but a
// "leaky" unit should let positive inputs through unchanged. Write `leakyAnyAlpha(z, alpha)`, the
// LeakyReLU that is right for **every** $\alpha \ge 0$: $z$ for $z \ge 0$, $\alpha z$ for $z < 0$.

// %% {"nbgrader": {"grade_id": "leaky_any_alpha", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function leakyAnyAlpha(z: number, alpha: number): number {
  // BEGIN SOLUTION
  return z >= 0 ? z : alpha * z;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "leaky_any_alpha_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(leakyAnyAlpha(-7.8, 0.01), -0.078);
assert.equal(leakyAnyAlpha(3, 2), 3);
// BEGIN HIDDEN TESTS
assert.equal(leakyAnyAlpha(-3, 2), -6);
assert.equal(leakyAnyAlpha(5, 10), 5);
assert.ok(leakyAnyAlpha(-1, 0) === 0);
assert.equal(leakyAnyAlpha(0, 3), 0);
for (const v of [-4, -0.5, 1, 6]) assert.equal(leakyAnyAlpha(v, 0.3), leakyRelu(v, 0.3));   // agrees with max(αz, z) when α ≤ 1
// END HIDDEN TESTS
console.log("leakyAnyAlpha: visible tests passed");

// %% [markdown]
// ## Summary
//
// - ReLU $f(x) = \max(0, x)$: slope $1$ for positive inputs, $0$ for negative ones.
// - LeakyReLU $_\alpha(z) = \max(\alpha z, z)$ for $0 \le \alpha \le 1$; the notes' $z = -7.8$, $\alpha = 0.01$
//   gives $\max(-0.078, -7.8) = -0.078$. $\alpha = 0$ is ReLU. Always pass $\alpha$ to TensorFlow.js
//   (its defaults are $0.2$ and $0.3$).
// - The sigmoid's slope is at most $0.25$, so deep sigmoid networks multiply gradients by at most
//   $0.25$ per layer; ReLU's slope is $1$ where it is active, which is why it fights vanishing
//   gradients — and LeakyReLU's $\alpha > 0$ keeps "dead" units learning.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`activations.ts`](../lib/gradients/activations.ts): `relu`, `reluDerivative`, `leakyRelu`, `leakyReluDerivative`, `sigmoidDerivative`, `tanhDerivative`, `activations`, `activationsFigure`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`
// - [`figures/table.ts`](../lib/figures/table.ts): `Table`
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`

// %% [markdown]
// ## Further reading
//
// - d2l.ai, [Multilayer perceptrons](https://d2l.ai/chapter_multilayer-perceptrons/mlp.html) (activation functions and their derivatives).
// - A. L. Maas, A. Y. Hannun and A. Y. Ng, [Rectifier nonlinearities improve neural network acoustic models](https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf), ICML 2013 (LeakyReLU).
// - X. Glorot, A. Bordes and Y. Bengio, [Deep sparse rectifier neural networks](https://proceedings.mlr.press/v15/glorot11a.html), AISTATS 2011.
// - K. He, X. Zhang, S. Ren and J. Sun, [Delving deep into rectifiers](https://arxiv.org/abs/1502.01852), ICCV 2015.
