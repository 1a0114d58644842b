// %% [markdown]
// # 02 · Vanishing and exploding gradients
//
// The notes, as the instructor wrote them:
//
// > Gradient $\frac{\partial J}{\partial w}$ may decrease : $0.6 - 0.01(0.00004)$
// >
// > Problem of Vanishing Gradient
// >
// > Gradient may increase :
// > Problem of Exploding Gradient
//
// Lesson 01's rule $w^{\text{new}} = w^{\text{old}} - \eta \frac{\partial J}{\partial w}$ moves a weight in
// proportion to its gradient. In a deep network the gradient of the first layers is a **product**
// of many factors, one per layer above them, and a product of many numbers tends to do one of two
// things: shrink towards $0$ (the weights stop learning — **vanishing**) or grow without bound
// (the steps become huge and the weights blow up — **exploding**).
//
// The plan: the notes' tiny step → why the gradient is a product → the sigmoid's $0.25^{\text{depth}}$
// bound, and why it holds only for one neuron per layer → gradients measured layer by layer in real networks
// with `tf.grad` → products of random matrices exploding → the cure by initialisation: where Xavier's and He's
// variances come from, and why a constant start fails → your turn.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, linePlot, barChart, Table,
  tinyStepExample, sigmoidGradientBound, layerGradientNorms, randomMatrixProductNorms,
  gradientNormsFigure, initStd, sigmoid, sigmoidDerivative, layerVarianceGains, trainFromStart,
} from "tsdl";

await ensureBackend();
/** Quick mode (CI): shallower networks in the big comparison; every cell still runs. */
const QUICK = process.env.TSDL_QUICK === "1";

// %% [markdown]
// ## 1 · The notes' tiny step
//
// A weight $w = 0.6$, a learning rate $\eta = 0.01$, and a gradient that has shrunk to
// $\frac{\partial J}{\partial w} = 0.00004$:
//
// $$w^{\text{new}} = 0.6 - 0.01\,(0.00004) = 0.6 - 0.0000004 = 0.5999996 .$$
//
// **Predict:** how many such steps would it take to move the weight by just $0.1$?

// %%
const tiny = tinyStepExample();
console.log(`w_new = ${tiny.w} − ${tiny.lr}·(${tiny.grad}) = ${tiny.newW}   (a change of ${tiny.change})`);
assert.equal(tiny.newW, 0.5999996);
const stepsFor = 0.1 / (tiny.lr * tiny.grad);
console.log(`steps of that size to move w by 0.1: ${Math.round(stepsFor).toLocaleString("en-US")}`);

// %% [markdown]
// A quarter of a million steps. The weight is not wrong — it just cannot learn any more: its
// gradient has **vanished**. Side by side with a healthy gradient of $0.4$, over 1,000 steps
// (we keep the gradient fixed to see only the effect of its size):

// %%
const trajectory = (grad: number) => Array.from({ length: 1001 }, (_, t) => 0.6 - t * 0.01 * grad);
linePlot([
  { y: trajectory(0.4), name: "∂J/∂w = 0.4" },
  { y: trajectory(0.00004), name: "∂J/∂w = 0.00004 (the notes)" },
], { title: "The weight over 1,000 steps of w := w − 0.01·∂J/∂w", xLabel: "step", yLabel: "w" });

// %% [markdown]
// ## 2 · Why a gradient is a product
//
// Take the thinnest deep network: one neuron per layer, $a_l = \sigma(z_l)$ with $z_l = w_l\, a_{l-1}$,
// and the loss $J$ computed from the last output $a_L$. The chain rule gives the gradient of the
// **first** weight as one factor per layer:
//
// $$\frac{\partial J}{\partial w_1} = \frac{\partial J}{\partial a_L}\;
// \sigma'(z_L)\, w_L \;\cdot\; \sigma'(z_{L-1})\, w_{L-1} \;\cdots\; \sigma'(z_2)\, w_2 \;\cdot\; \sigma'(z_1)\, a_0 .$$
//
// If each factor $\sigma'(z_l)\,w_l$ is below $1$ the product **vanishes** as $L$ grows; if each is
// above $1$ it **explodes**. Only factors near $1$ keep the gradient alive.
//
// ## 3 · The sigmoid's bound: $0.25^{\text{depth}}$
//
// The sigmoid $\sigma(z) = \frac{1}{1 + e^{-z}}$ has derivative $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$, which is
// largest at $z = 0$: $0.5 \cdot 0.5 = 0.25$. **Predict** the shape of the curve.

// %%
const zGrid = Array.from({ length: 161 }, (_, i) => -8 + i * 0.1);
linePlot([
  { x: zGrid, y: zGrid.map(sigmoid), name: "σ(z)" },
  { x: zGrid, y: zGrid.map(sigmoidDerivative), name: "σ′(z) = σ(z)(1 − σ(z))" },
], { title: "The sigmoid and its slope: never above 0.25", xLabel: "z", yLabel: "value" });

// %%
const sigmoidSlope = tf.grad((z: tf.Tensor) => tf.sigmoid(z));   // TensorFlow.js differentiates σ for us
const zProbe = [-4, -1, 0, 1, 4];
const tfSlopes = Array.from(sigmoidSlope(tf.tensor1d(zProbe)).dataSync());
new Table(["z", "σ′(z) closed form", "tf.grad"], zProbe.map((z, i) => [z, sigmoidDerivative(z), tfSlopes[i]!]));

// %%
tfSlopes.forEach((g, i) => assert.ok(Math.abs(g - sigmoidDerivative(zProbe[i]!)) < 1e-6));
assert.ok(Math.max(...tfSlopes) <= 0.25);
console.log("the closed form matches tf.grad, and no slope exceeds 0.25");

// %% [markdown]
// So in section 2's chain of **one neuron per layer**, with weights of size at most $1$, each layer multiplies the
// gradient by at most $0.25$, and `depth` layers by at most $0.25^{\text{depth}}$
// ([`sigmoidGradientBound`](../lib/gradients/vanishing-gradients.ts)). **Predict** the bound for 10 layers.

// %%
const depths = Array.from({ length: 50 }, (_, i) => i + 1);
new Table(["depth", "0.25^depth"], [1, 2, 5, 10, 20, 50].map((d) => [d, sigmoidGradientBound(d)]),
  { caption: "The largest factor a stack of sigmoids can pass back" });

// %%
linePlot({ x: depths, y: depths.map(sigmoidGradientBound), name: "0.25^depth", mode: "lines+markers" },
  { title: "The sigmoid's bound on the gradient, log scale", xLabel: "depth", yLabel: "bound", logY: true });

// %% [markdown]
// A straight line on a log scale: the bound falls by a factor of 4 per layer, about $10^{-6}$ at
// depth 10 and $10^{-30}$ at depth 50.
//
// **Only for one neuron per layer.** In a layer of width $n$ the gradient passes back through the matrix $W^\top$,
// not through one weight: $\partial L/\partial h_{l-1} = \big(\sigma'(z_l) \odot \partial L/\partial h_l\big)\, W_l^\top$. A vector
// is then multiplied by up to $0.25\,\lVert W_l \rVert$, where $\lVert W_l \rVert$ is the matrix's largest stretch, and an
// $n \times n$ matrix of entries of size about $\sigma$ stretches a typical vector by about $\sigma\sqrt{n}$ (section 6
// measures this). With $N(0, 1)$ weights in a 32-wide layer that is $\sqrt{32} \approx 5.7$: weights "of size 1" do not
// make the factor small, and $0.25^{\text{depth}}$ bounds nothing. Section 6's table shows it. TensorFlow.js computes in 32-bit floats, whose smallest
// positive number is about $1.4 \cdot 10^{-45}$: below that a gradient is not small, it is **exactly zero**.

// %%
for (const d of [50, 70, 80]) console.log(`0.25^${d} = ${sigmoidGradientBound(d).toExponential(2)}   in float32: ${Math.fround(sigmoidGradientBound(d)).toExponential(2)}`);

// %% [markdown]
// ## 4 · Measured: the gradient of each layer in a real network
//
// A bound is not a measurement. [`layerGradientNorms`](../lib/gradients/vanishing-gradients.ts) builds a deep
// fully connected network $h_l = \text{act}(h_{l-1} W_l)$ (32 units per layer, a random batch of 16), computes
// the loss $L = \frac{1}{2}\,\text{mean}(h_{\text{depth}}^2)$ and asks `tf.grads` for $\frac{\partial L}{\partial W_l}$ of
// every layer. It returns the size (Frobenius norm) of each, layer 1 first — the layer nearest the input,
// whose gradient passed through all the others.
//
// **Predict:** for a 20-layer sigmoid network, how much smaller is layer 1's gradient than layer 20's?

// %%
const sigmoid20 = layerGradientNorms({ depth: 20, activation: "sigmoid", init: "xavier" });
console.log("layer 20:", sigmoid20[19]!.toExponential(2), "  layer 1:", sigmoid20[0]!.toExponential(2),
  "  ratio:", (sigmoid20[0]! / sigmoid20[19]!).toExponential(1));
assert.equal(sigmoid20.length, 20);
assert.ok(sigmoid20[0]! < 1e-3 * sigmoid20[19]!, "the first layer's gradient should be far smaller");

// %%
gradientNormsFigure([
  { name: "sigmoid, 20 layers", norms: sigmoid20 },
  { name: "ReLU (He init), 20 layers", norms: layerGradientNorms({ depth: 20, activation: "relu", init: "he" }) },
], { title: "Gradient norm per layer: sigmoid vanishes, ReLU does not" });

// %% [markdown]
// The sigmoid network's gradient shrinks layer after layer on the way back to the input: its first
// layers barely learn. The ReLU network (with the He initialisation of section 6) keeps every layer's
// gradient about the same size — ReLU's slope is exactly $1$ wherever it is active (lesson 03).
//
// Deeper still: **predict** what a 50-layer sigmoid network's first layers receive.

// %%
const deepDepth = QUICK ? 30 : 50;
const sigmoidDeep = layerGradientNorms({ depth: deepDepth, activation: "sigmoid", init: "xavier" });
const zeros = sigmoidDeep.filter((v) => v === 0).length;
console.log(`${deepDepth}-layer sigmoid network: ${zeros} layers with a gradient of exactly 0; smallest non-zero ${Math.min(...sigmoidDeep.filter((v) => v > 0)).toExponential(2)}`);
gradientNormsFigure([{ name: `sigmoid, ${deepDepth} layers`, norms: sigmoidDeep }],
  { title: `A ${deepDepth}-layer sigmoid network (layers with gradient 0 drop off the log scale)` });

// %% [markdown]
// ## 5 · Exploding: products of random matrices
//
// The other side of the notes: "Gradient may increase". Backpropagation through a layer multiplies by
// that layer's weight matrix, so the gradient at layer 1 contains a product $W_L \cdots W_2$. Multiply
// random $32 \times 32$ matrices with entries of standard deviation $s/\sqrt{32}$: each product grows
// (or shrinks) by about $s$ per factor. [`randomMatrixProductNorms`](../lib/gradients/vanishing-gradients.ts)
// measures $\lVert W_1 W_2 \cdots W_k \rVert$. **Predict** the three curves for $s = 0.8, 1, 1.25$.

// %%
const size = 32;
const productScales = [0.8, 1, 1.25];
const products = productScales.map((s) => randomMatrixProductNorms({ size, depth: 40, scale: s / Math.sqrt(size), seed: 3 }));
linePlot(productScales.map((s, n) => ({
  y: products[n]!, x: Array.from({ length: 40 }, (_, k) => k + 1), name: `s = ${s}`, mode: "lines+markers" as const,
})), { title: "‖W₁W₂⋯W_k‖ for random 32×32 matrices", xLabel: "number of factors k", yLabel: "norm", logY: true });

// %% [markdown]
// Below $1$ the product vanishes, above $1$ it explodes, and only $s = 1$ stays level. How fast? From the first
// factor to the fortieth the curve takes 39 more factors; **predict** the growth for $s = 1.25$ against $1.25^{39}$.

// %%
const growthRows = productScales.map((s, n) => {
  const growth = products[n]![39]! / products[n]![0]!;
  return [s, Number((s ** 39).toPrecision(4)), Number(growth.toPrecision(4)), Number((growth ** (1 / 39)).toFixed(4))];
});
const growth125 = products[2]![39]! / products[2]![0]!;
assert.ok(growth125 > 500 && growth125 < 1.25 ** 39, `s = 1.25 grew ${growth125}×`);
new Table(["s", "s³⁹", "measured ‖W₁⋯W₄₀‖ / ‖W₁‖", "measured factor per layer"], growthRows,
  { caption: "The plotted growth over 39 factors, against s³⁹" });

// %% [markdown]
// The measured factor per layer is a little below $s$: for $s = 1.25$ the curve grows about
// $1.22^{39}$ times, not $1.25^{39} \approx 6{,}000$. $s$ is the factor of the **mean square**: $\mathbb{E}\lVert W x \rVert^2 = s^2 \lVert x \rVert^2$
// exactly. A product of random factors is dominated by its typical (log-average) factor, and since $\log$ is concave the
// average of $\log \lVert Wx \rVert / \lVert x \rVert$ is below $\log s$ — by a few percent for 32-wide matrices, one seed adding
// its own scatter. Either way, a quarter too large per layer compounds to thousands after 40 layers.
//
// In a network, "too large" is easy to get: weights drawn from $N(0, 1)$ in a 32-wide layer have
// $s = \sqrt{32} \approx 5.7$. **Predict** what happens to a tanh network and a ReLU network with such
// weights.

// %%
const explodeRows = (["tanh", "relu"] as const).flatMap((activation) =>
  (["normal", activation === "relu" ? "he" : "xavier"] as const).map((init) => {
    const norms = layerGradientNorms({ depth: 10, activation, init });
    return [activation, init === "normal" ? "N(0, 1)" : init, norms[0]!, norms[9]!];
  }));
new Table(["activation", "weights", "‖∂L/∂W₁‖ (input side)", "‖∂L/∂W₁₀‖ (output side)"], explodeRows,
  { caption: "10-layer networks: N(0, 1) weights against a sensible initialisation" });

// %%
gradientNormsFigure([
  { name: "tanh, N(0,1)", norms: layerGradientNorms({ depth: 10, activation: "tanh", init: "normal" }) },
  { name: "ReLU, N(0,1)", norms: layerGradientNorms({ depth: 10, activation: "relu", init: "normal" }) },
  { name: "ReLU, He", norms: layerGradientNorms({ depth: 10, activation: "relu", init: "he" }) },
], { title: "Exploding gradients with N(0, 1) weights, tamed by He initialisation" });

// %% [markdown]
// The sizes the next paragraph talks about, from the same runs:

// %%
const tanhNormal = layerGradientNorms({ depth: 10, activation: "tanh", init: "normal" });
const reluNormalRun = layerGradientNorms({ depth: 10, activation: "relu", init: "normal" });
const reluHe = layerGradientNorms({ depth: 10, activation: "relu", init: "he" });
console.log(`tanh, N(0,1): first layer's gradient / last layer's = ${(tanhNormal[0]! / tanhNormal[9]!).toFixed(0)}`);
console.log(`ReLU, N(0,1): gradients from ${Math.min(...reluNormalRun).toExponential(1)} to ${Math.max(...reluNormalRun).toExponential(1)}`);
console.log(`ReLU, He:     gradients from ${Math.min(...reluHe).toFixed(3)} to ${Math.max(...reluHe).toFixed(3)}`);
assert.ok(tanhNormal[0]! > 100 * tanhNormal[9]! && Math.min(...reluNormalRun) > 1e9 && Math.max(...reluHe) < 4 * Math.min(...reluHe));

// %% [markdown]
// Two ways to explode:
// - **tanh with $N(0,1)$ weights**: the gradient *grows* on its way back, the first layer's is over a
//   hundred times the last one's — the product of section 2 with factors above 1.
// - **ReLU with $N(0,1)$ weights**: the signal grows by about $\sqrt{32/2} = 4$ per layer on the way forward, and
//   every weight's gradient ends up above $10^{9}$. One step of $w := w - \eta \frac{\partial J}{\partial w}$ with such a
//   gradient throws the weights far away. (At depth 30, in the table below, float32 overflows altogether: the
//   gradients become `Infinity`.)
//
// With He initialisation the same ReLU network's gradients stay within a factor of about 3 of each other.

// %% [markdown]
// ## 6 · The cure at the start: initialisation
//
// Choose the weights' spread so that each layer multiplies signals and gradients by about $1$. Where the rules
// come from: a layer computes $z_j = \sum_{i=1}^{n_\text{in}} x_i W_{ij}$. With independent, zero-mean $x_i$ and $W_{ij}$,
// variances add over the $n_\text{in}$ terms:
//
// $$\text{forward:}\quad \operatorname{Var}(z_j) = n_\text{in}\,\sigma^2 \operatorname{Var}(x_i).$$
//
// Backpropagation runs the same layer the other way: $\partial L/\partial x_i = \sum_{j=1}^{n_\text{out}} W_{ij}\,\partial L/\partial z_j$, a
// sum of $n_\text{out}$ terms:
//
// $$\text{backward:}\quad \operatorname{Var}\!\left(\frac{\partial L}{\partial x_i}\right) = n_\text{out}\,\sigma^2 \operatorname{Var}\!\left(\frac{\partial L}{\partial z_j}\right).$$
//
// The signal keeps its size if $\sigma^2 = 1/n_\text{in}$, the gradient if $\sigma^2 = 1/n_\text{out}$; unless the layer is
// square both cannot hold. Measure it on one layer of 100 inputs and 25 outputs
// ([`layerVarianceGains`](../lib/gradients/initialisation.ts), with `tf.grad` for the backward pass). **Predict** the
// two gains for each $\sigma^2$.

// %%
const gainRows = ([["1/n_in", 1 / 100], ["1/n_out", 1 / 25], ["Xavier 2/(n_in + n_out)", 2 / 125]] as const).map(([name, variance]) => {
  const g = layerVarianceGains({ nIn: 100, nOut: 25, std: Math.sqrt(variance) });
  assert.ok(Math.abs(g.forward / (100 * variance) - 1) < 0.1 && Math.abs(g.backward / (25 * variance) - 1) < 0.1);
  return [name, 100 * variance, Number(g.forward.toFixed(3)), 25 * variance, Number(g.backward.toFixed(3))];
});
new Table(["σ²", "n_in σ²", "forward gain (measured)", "n_out σ²", "backward gain (measured)"], gainRows,
  { caption: "One 100 → 25 layer: Var(z)/Var(x) forward, Var(∂L/∂x)/Var(∂L/∂z) backward" });

// %% [markdown]
// Each measured gain matches its formula. Glorot and Bengio (2010) took the compromise, the harmonic mean of the
// two conditions:
//
// - **Xavier/Glorot**: $\sigma^2 = \dfrac{2}{n_\text{in} + n_\text{out}}$, exact for square layers, for activations with
//   slope $1$ at $0$ (tanh: $\tanh(z) \approx z$ near $0$, so the activation passes variance through).
// - **He** (He et al. 2015), for ReLU: ReLU zeroes half of a symmetric $z$, so $\mathbb{E}[\text{relu}(z)^2] = \tfrac{1}{2}\operatorname{Var}(z)$,
//   and the forward condition becomes $\sigma^2 = \dfrac{2}{n_\text{in}}$.
//
// The sigmoid fits neither: its slope at $0$ is $0.25$, not $1$, and its outputs are centred on $0.5$, not $0$. The
// table below shows what that costs.
//
// ([`initStd`](../lib/gradients/vanishing-gradients.ts) computes the rules.) For our $32 \times 32$ layers:

// %%
new Table(["rule", "σ for a 32×32 layer"], (["normal", "xavier", "he"] as const).map((rule) => [rule, initStd(rule, 32, 32)]));

// %% [markdown]
// Every combination at depth 30, first layer vs last layer. **Predict** which rows are close to 1 in the
// last column.

// %%
const combos = [
  ["sigmoid", "normal"], ["sigmoid", "xavier"],
  ["tanh", "normal"], ["tanh", "xavier"],
  ["relu", "normal"], ["relu", "xavier"], ["relu", "he"],
] as const;
const comboDepth = QUICK ? 15 : 30;
const comboRows = combos.map(([activation, init]) => {
  const n = layerGradientNorms({ depth: comboDepth, activation, init });
  const ratio = n[0]! / n[comboDepth - 1]!;
  return [activation, init, n[0]!, n[comboDepth - 1]!, Number.isFinite(ratio) ? ratio : String(ratio)];
});
const ratioOf = (activation: string, init: string) => comboRows.find((r) => r[0] === activation && r[1] === init)![4] as number;
assert.ok(ratioOf("sigmoid", "xavier") < ratioOf("sigmoid", "normal"), "sigmoid: Xavier vanishes faster than N(0, 1)");
assert.ok(ratioOf("sigmoid", "normal") < 0.1 && ratioOf("sigmoid", "normal") > 0.25 ** (comboDepth - 1), "N(0, 1) breaks the 0.25^depth bound");
new Table(["activation", "init", "‖∂L/∂W₁‖", `‖∂L/∂W${comboDepth}‖`, "first / last", "factor per layer"],
  comboRows.map((r) => {
    const ratio = r[4];
    return [...r, typeof ratio === "number" ? Number((ratio ** (1 / (comboDepth - 1))).toFixed(3)) : "—"];
  }),
  { caption: `Depth ${comboDepth}: ratio ≪ 1 vanishes, ≫ 1 explodes, ≈ 1 is healthy; factor per layer = ratio^(1/${comboDepth - 1})` });


// %%
barChart(combos.map(([a, i], k) => `${a} + ${i}${typeof comboRows[k]![4] === "number" ? "" : " (overflow)"}`), {
  values: comboRows.map((r) => (typeof r[4] === "number" && r[4] > 0 ? Math.log10(r[4]) : NaN)),
  name: "log₁₀(first / last)",
}, { title: `How far from healthy (0 = same gradient in every layer), depth ${comboDepth}`, yLabel: "log₁₀ ‖∂L/∂W₁‖ / ‖∂L/∂W_last‖" });

// %% [markdown]
// Reading the table and the bars:
// - **sigmoid** vanishes with both initialisations, and *faster* with Xavier. Xavier makes $W^\top$ keep a vector's size
//   (a gain near $1$), so each layer's factor is $\sigma'(z)\cdot 1 \le 0.25$, close to the one-neuron bound. $N(0,1)$ weights
//   stretch by about $\sqrt{32} \approx 5.7$, which makes up for most of the small slope (the factor per layer printed in
//   the table) — and also breaks the $0.25^{\text{depth}}$ "bound", since that assumed one neuron per layer. Neither is
//   healthy: no variance rule fixes a slope of $0.25$ everywhere (a weight scale 4 times Xavier's is sometimes used), which
//   is why deep networks moved to tanh and then ReLU (lesson 03).
// - **tanh + $N(0,1)$** explodes towards the input; **tanh + Xavier** stays within a small factor.
// - **ReLU + $N(0,1)$** overflows float32 (no bar: the ratio is `NaN`).
// - **ReLU + Xavier** has a healthy *ratio*, but look at its sizes: every gradient is around $10^{-10}$.
//   Xavier's $\sigma$ is too small for ReLU, which zeroes half of its inputs, so the signal halves in size
//   at every layer on the way forward. **He**'s extra factor 2 is exactly that half: ReLU + He is the
//   healthy row, in ratio *and* in size.
//
// Other cures you will meet: **gradient clipping** (cap the gradient's norm before the step — exercise 2),
// batch normalisation, and residual connections.
//
// **Why not start every weight at the same value?** Then every hidden unit computes the same thing, receives the
// same gradient, and takes the same step: the units stay copies of each other for ever, and a layer of four units
// is one unit four times. Train a 3-input, 4-unit tanh network ([`trainFromStart`](../lib/gradients/initialisation.ts))
// for 200 steps from all weights $0.5$, and from random weights. **Predict** the first weight matrix's columns.

// %%
const fromConstant = trainFromStart({ start: "constant", value: 0.5 });
const fromRandom = trainFromStart({ start: "random" });
const columns = (w: number[][]) => w[0]!.map((_, j) => w.map((row) => row[j]!.toFixed(3)).join(", "));
console.log("constant start, W₁'s columns after training:\n  " + columns(fromConstant.w1).join("\n  "));
console.log("random start:\n  " + columns(fromRandom.w1).join("\n  "));
console.log(`loss: constant ${fromConstant.lossBefore.toFixed(3)} → ${fromConstant.lossAfter.toFixed(3)},  random ${fromRandom.lossBefore.toFixed(3)} → ${fromRandom.lossAfter.toFixed(3)}`);
fromConstant.w1.forEach((row) => row.forEach((v) => assert.ok(Math.abs(v - row[0]!) < 1e-6)));
assert.ok(fromRandom.lossAfter < fromConstant.lossAfter);

// %% [markdown]
// From the constant start the four columns are identical after 200 steps — the weights moved, but together — and
// the loss stays above the random start's: the symmetry is never broken. Random initialisation is what makes the
// units different; the variance rules above only choose its size.

// %% [markdown]
// ## 7 · Exercises
//
// Each exercise is a function to complete (in the student version its body is `throw new Error("not implemented");`),
// followed by a locked cell of tests worth the points shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (2 points): how deep until it vanishes?
//
// Write `layersUntilVanished(threshold)`: the smallest depth $L \ge 1$ for which the sigmoid's bound
// $0.25^L$ is **strictly below** `threshold` (with $0 < \text{threshold} \le 1$).

// %% {"nbgrader": {"grade_id": "layers_until_vanished", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function layersUntilVanished(threshold: number): number {
  // BEGIN SOLUTION
  let depth = 1;
  while (0.25 ** depth >= threshold) depth++;
  return depth;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "layers_until_vanished_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(layersUntilVanished(1e-6), 10);   // 0.25^9 ≈ 3.8e-6, 0.25^10 ≈ 9.5e-7
// BEGIN HIDDEN TESTS
assert.equal(layersUntilVanished(0.25), 2, "0.25^1 is not strictly below 0.25");
assert.equal(layersUntilVanished(0.5), 1);
assert.equal(layersUntilVanished(1), 1);
assert.equal(layersUntilVanished(1e-30), 50);
assert.equal(layersUntilVanished(0.00004), 8);   // the notes' gradient: 0.25^7 ≈ 6.1e-5, 0.25^8 ≈ 1.5e-5
// END HIDDEN TESTS
console.log("layersUntilVanished: visible tests passed");

// %% [markdown]
// ### Exercise 2 (2 points): gradient clipping
//
// Write `clipByNorm(grad, maxNorm)`: if the gradient's length $\lVert g \rVert = \sqrt{\sum_i g_i^2}$ is larger
// than `maxNorm`, return $g \cdot \frac{\text{maxNorm}}{\lVert g \rVert}$ (same direction, length `maxNorm`);
// otherwise return an unchanged copy. Do not modify `grad`.

// %% {"nbgrader": {"grade_id": "clip_by_norm", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function clipByNorm(grad: number[], maxNorm: number): number[] {
  // BEGIN SOLUTION
  const norm = Math.sqrt(grad.reduce((s, g) => s + g * g, 0));
  if (norm <= maxNorm) return [...grad];
  return grad.map((g) => (g * maxNorm) / norm);
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "clip_by_norm_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
{
  const c = clipByNorm([30, 40], 5);             // length 50 → length 5
  assert.ok(Math.abs(c[0]! - 3) < 1e-12 && Math.abs(c[1]! - 4) < 1e-12, `got ${c}`);
  assert.deepEqual(clipByNorm([0.3, 0.4], 5), [0.3, 0.4]);   // short enough: unchanged
}
// BEGIN HIDDEN TESTS
{
  const g = [1e6, -2e6, 2e6];                     // an exploded gradient, length 3e6
  const c = clipByNorm(g, 1.5);
  assert.ok(Math.abs(Math.hypot(...c) - 1.5) < 1e-9, "clipped to length maxNorm");
  assert.ok(Math.abs(c[0]! - 0.5) < 1e-9 && Math.abs(c[1]! + 1) < 1e-9 && Math.abs(c[2]! - 1) < 1e-9, "same direction");
  assert.deepEqual(g, [1e6, -2e6, 2e6], "the input must not change");
  assert.deepEqual(clipByNorm([0, 0], 1), [0, 0]);
  const same = [3, 4];
  const out = clipByNorm(same, 5);                // exactly maxNorm: unchanged
  assert.deepEqual(out, [3, 4]);
  assert.notEqual(out, same, "return a copy");
  // agrees with TensorFlow.js: g · min(1, maxNorm / ‖g‖)
  const v = [0.5, -7, 2.25, 1];
  const ref = tf.tidy(() => {
    const t = tf.tensor1d(v);
    return Array.from(t.mul(tf.minimum(1, tf.scalar(2).div(t.norm()))).dataSync());
  });
  clipByNorm(v, 2).forEach((x, i) => assert.ok(Math.abs(x - ref[i]!) < 1e-5));
}
// END HIDDEN TESTS
console.log("clipByNorm: visible tests passed");

// %% [markdown]
// ## Summary
//
// - The notes' example: $0.6 - 0.01(0.00004) = 0.5999996$ — a vanished gradient leaves the weight where it is.
// - A deep network's early-layer gradient is a product of one factor per layer: below $1$ it **vanishes**,
//   above $1$ it **explodes**.
// - The sigmoid's slope is at most $0.25$, so $\text{depth}$ sigmoid layers pass back at most $0.25^{\text{depth}}$;
//   measured with `tf.grads`, a 20-layer sigmoid network's first layer gets a tiny fraction of the last one's gradient.
// - The $0.25^{\text{depth}}$ bound is for one neuron per layer; a wide layer's matrix can stretch the gradient by $\sigma\sqrt{n}$.
// - Products of random matrices explode or vanish geometrically. Forward, a layer scales variance by $n_\text{in}\sigma^2$,
//   backward by $n_\text{out}\sigma^2$: Xavier ($2/(n_\text{in}+n_\text{out})$, for tanh) and He ($2/n_\text{in}$, for ReLU) keep each
//   factor near $1$. No rule rescues a deep sigmoid network. Clipping caps what explodes anyway.
// - Weights must start random: a constant start keeps every unit of a layer identical.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`vanishing-gradients.ts`](../lib/gradients/vanishing-gradients.ts): `tinyStepExample`, `sigmoidGradientBound`, `layerGradientNorms`, `randomMatrixProductNorms`, `gradientNormsFigure`, `initStd`
// - [`initialisation.ts`](../lib/gradients/initialisation.ts): `layerVarianceGains`, `trainFromStart`
// - [`activations.ts`](../lib/gradients/activations.ts): `sigmoid`, `sigmoidDerivative`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`
// - [`figures/bars.ts`](../lib/figures/bars.ts): `barChart`
// - [`figures/table.ts`](../lib/figures/table.ts): `Table`
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`

// %% [markdown]
// ## Further reading
//
// - d2l.ai, [Numerical stability and initialization](https://d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html).
// - X. Glorot and Y. Bengio, [Understanding the difficulty of training deep feedforward neural networks](https://proceedings.mlr.press/v9/glorot10a.html), AISTATS 2010.
// - K. He, X. Zhang, S. Ren and J. Sun, [Delving deep into rectifiers](https://arxiv.org/abs/1502.01852), ICCV 2015.
// - R. Pascanu, T. Mikolov and Y. Bengio, [On the difficulty of training recurrent neural networks](https://arxiv.org/abs/1211.5063), ICML 2013 (gradient clipping).
