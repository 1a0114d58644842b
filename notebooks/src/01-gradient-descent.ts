// %% [markdown]
// # 01 · Gradient descent
//
// Gradient descent is the rule every network in this course learns by: it moves each weight a small
// step downhill on the loss, and repeats.
//
// The notes write the rule twice, first in symbols,
//
// $$w_t^{\text{new}} = w_t^{\text{old}} - \eta \frac{\partial J}{\partial w}$$
//
// and again, in words, as **ordinary gradient descent**:
//
// $$\text{new}_{wt} := \text{old}_{wt} - \eta \frac{\partial J}{\partial w}$$
//
// Both say the same thing. $w$ is a weight, $J(w)$ the loss (how wrong the network is),
// $\frac{\partial J}{\partial w}$ the slope of the loss at the current weight, and $\eta$
// (eta) the **learning rate**, the size of the step. The minus sign walks *downhill*: where
// the slope is positive we decrease $w$, where it is negative we increase it.
//
// The plan: one weight and a parabola → the slope by hand and by `tf.grad` → why the negative gradient
// points downhill → one step by hand → many steps → the learning rate too small, right and too
// large, and why $0 < \eta\lambda < 2$ → two weights on a bowl → curvature, Newton's method and
// preconditioning → a gradient check → your turn.
//
// Before each cell runs, **predict** what it will print or draw; then run it and look.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, linePlot, curveWithIterates, contourWithPaths, Table,
  gradientDescent1d, gradientDescent2d, gradientDescentFigure, quadraticConvergence, maxStableLearningRate,
  FloatSlider, interact,
} from "tsdl";

await ensureBackend();
/** Quick mode (CI): shorter runs; every cell still runs. */
const QUICK = process.env.TSDL_QUICK === "1";

// %% [markdown]
// ## 1 · One weight, one loss
//
// Start with the smallest possible problem: a single weight $w$ and the loss
//
// $$J(w) = (w - 3)^2 .$$
//
// It is a parabola whose lowest point is at $w^{\star} = 3$ with $J(w^{\star}) = 0$. Gradient descent does
// not know where the bottom is: it only ever asks "which way is downhill, here?".
//
// **Predict** $J(0)$, $J(3)$ and $J(5)$ before you run the cell.

// %%
const W_STAR = 3;
const J = (w: number): number => (w - W_STAR) ** 2;
console.log("J(0) =", J(0), "  J(3) =", J(3), "  J(5) =", J(5));

// %% [markdown]
// $9$, $0$ and $4$: the loss is the squared distance to $3$. Here is the whole curve:

// %%
const grid = Array.from({ length: 121 }, (_, i) => -3 + i * 0.1);
linePlot({ x: grid, y: grid.map(J), name: "J(w) = (w − 3)²" }, { title: "The loss we will minimise", xLabel: "w", yLabel: "J(w)" });

// %% [markdown]
// ## 2 · The slope $\frac{\partial J}{\partial w}$
//
// By the chain rule, $\frac{\partial J}{\partial w} = 2(w - 3)$. At $w = 0$ that is $-6$: the
// curve goes *down* to the right, so a step downhill increases $w$.
//
// Deep-learning libraries never ask us for this formula: they differentiate the code that
// computes $J$. TensorFlow.js does it with `tf.grad`, which turns a function of a tensor into the
// function that returns its gradient. **Predict:** what does it give at $w = 0$?

// %%
const dJdw = (w: number): number => 2 * (w - W_STAR);   // by hand
const gradJ = tf.grad((w: tf.Tensor) => w.sub(W_STAR).square());   // by TensorFlow.js
for (const w of [0, 3, 5]) {
  const auto = tf.tidy(() => gradJ(tf.scalar(w)).dataSync()[0]!);
  console.log(`w = ${w}:  by hand ${dJdw(w)},  tf.grad ${auto}`);
  assert.ok(Math.abs(auto - dJdw(w)) < 1e-6);
}

// %% [markdown]
// They agree, and at the bottom ($w = 3$) the slope is $0$: there is nowhere downhill left to go.
//
// ### Why the minus sign points downhill
//
// Near any $w$, a smooth loss is almost a straight line: by Taylor's theorem
//
// $$J(w + \Delta) = J(w) + \frac{\partial J}{\partial w}\,\Delta + O(\Delta^2).$$
//
// With $\Delta = -\eta \frac{\partial J}{\partial w}$ the first-order change is $-\eta \left(\frac{\partial J}{\partial w}\right)^2$, never positive:
// for a small enough $\eta$ the loss falls, wherever we are. With many weights, the first-order change is the dot
// product $\nabla J \cdot \Delta$, and among all steps of one length $\lVert \Delta \rVert = \varepsilon$ it is most negative,
// $-\varepsilon \lVert \nabla J \rVert$, for $\Delta$ pointing along $-\nabla J$ (Cauchy–Schwarz). So $-\nabla J$ is the direction
// of *steepest* descent, to first order.
//
// Check it on a loss of two weights, $J(w_1, w_2) = \tfrac{1}{2}(w_1^2 + 10\, w_2^2)$ at $(2, 1)$: try 360 directions for a
// step of length $0.01$. **Predict** whether the best one is exactly $-\nabla J$.

// %%
{
  const J2 = (a: number, b: number) => 0.5 * (a * a + 10 * b * b);
  const [a0, b0, eps] = [2, 1, 0.01];
  const grad2 = [a0, 10 * b0];
  const steepest = Math.atan2(-grad2[1]!, -grad2[0]!) * 180 / Math.PI;
  const tries = Array.from({ length: 360 }, (_, deg) => ({ deg, drop: J2(a0, b0) - J2(a0 + eps * Math.cos(deg * Math.PI / 180), b0 + eps * Math.sin(deg * Math.PI / 180)) }));
  const bestTry = tries.reduce((x, y) => (y.drop > x.drop ? y : x));
  console.log(`−∇J points at ${steepest.toFixed(2)}°; the best of 360 directions is ${bestTry.deg}° (mod 360: ${((steepest + 360) % 360).toFixed(2)}°)`);
  console.log(`loss drop along it ${bestTry.drop.toExponential(4)};  first-order prediction ε‖∇J‖ = ${(eps * Math.hypot(...grad2)).toExponential(4)}`);
  assert.ok(Math.abs(bestTry.deg - (steepest + 360) % 360) <= 0.5);
}

// %% [markdown]
// The best direction is $-\nabla J$, to the nearest degree, and the loss drops by $\varepsilon \lVert \nabla J \rVert$ up to the
// $O(\varepsilon^2)$ term. Note what first order does *not* promise: how large a step may be before the curve bends
// back up. That is the learning rate's job, section 5.
//
// ## 3 · One step, by hand
//
// Take $w^{\text{old}} = 0$ and $\eta = 0.1$. The rule says
//
// $$w^{\text{new}} = 0 - 0.1 \cdot (-6) = 0.6 .$$
//
// **Predict** the new loss before running: is it below $J(0) = 9$?

// %%
const lr = 0.1;
const wOld = 0;
const wNew = wOld - lr * dJdw(wOld);
console.log(`w: ${wOld} → ${wNew.toFixed(4)}    J: ${J(wOld)} → ${J(wNew).toFixed(4)}`);
assert.ok(Math.abs(wNew - 0.6) < 1e-12);

// %% [markdown]
// The loss fell from $9$ to $5.76$. Keep the number $0.6$ in mind: lesson 02 starts from a weight
// of $0.6$ and a slope so small that the step barely moves it.
//
// ## 4 · Many steps
//
// Gradient descent is that one line in a loop. [`gradientDescent1d`](../lib/optimization/gradient-descent.ts)
// runs it and returns every weight it visited, $w_0, w_1, \dots$ **Predict:** do the steps get
// longer, shorter, or stay the same as $w$ approaches $3$?

// %%
const iterates = gradientDescent1d(dJdw, { w0: 0, lr: 0.1, steps: 20 });
new Table(
  ["step t", "w_t", "∂J/∂w", "J(w_t)"],
  iterates.slice(0, 8).map((w, t) => [t, Number(w.toFixed(4)), Number(dJdw(w).toFixed(4)), Number(J(w).toFixed(4))]),
  { caption: "The first steps of gradient descent on J(w) = (w − 3)², η = 0.1" },
);

// %%
curveWithIterates(J, iterates, { title: "20 steps of gradient descent, η = 0.1", xRange: [-0.5, 4] });

// %% [markdown]
// The steps shrink by themselves, with no schedule: the step is $\eta$ times the slope, and the
// slope shrinks near the bottom. Each step removes the same *fraction* of the distance to
// $w^{\star} = 3$:
//
// $$w_{t+1} - 3 = w_t - 3 - 2\eta(w_t - 3) = (1 - 2\eta)\,(w_t - 3),$$
//
// so with $\eta = 0.1$ every step keeps $80\,\%$ of the distance that is left.

// %%
const distances = iterates.map((w) => Math.abs(w - W_STAR));
for (let t = 0; t < 4; t++) console.log(`|w_${t + 1} − 3| / |w_${t} − 3| = ${(distances[t + 1]! / distances[t]!).toFixed(6)}`);

// %% [markdown]
// ## 5 · The learning rate: too small, right, too large
//
// Write the loss as $J(w) = \frac{\lambda}{2}(w - w^{\star})^2$; ours has curvature $\lambda = 2$.
// The same algebra as above gives $w_{t+1} - w^{\star} = (1 - \eta\lambda)(w_t - w^{\star})$. The distance
// shrinks exactly when $|1 - \eta\lambda| < 1$, that is when
//
// $$0 < \eta\lambda < 2 .$$
//
// For our parabola: $\eta < 1$. **Predict** what happens for $\eta = 0.01$, $0.1$, $0.5$, $0.9$
// and $1.05$ — which ones crawl, which zig-zag, which blow up?

// %%
const rates = [0.01, 0.1, 0.5, 0.9, 1.05];
const runs = rates.map((eta) => gradientDescent1d(dJdw, { w0: 0, lr: eta, steps: 30 }));
const rateFig = linePlot(
  runs.map((ws, i) => ({ y: ws.map((w) => w - W_STAR), name: `η = ${rates[i]} (ηλ = ${(2 * rates[i]!).toFixed(2)})`, mode: "lines+markers" })),
  { title: "w_t − w*: where each run is, relative to the minimum", xLabel: "step t", yLabel: "w_t − 3" },
);
rateFig.updateLayout({ yaxis: { ...(rateFig.layout["yaxis"] as object), range: [-6, 6] } });
rateFig;

// %% [markdown]
// Read the plot (the minimum is the line $w_t - 3 = 0$):
// - $\eta = 0.01$ ($\eta\lambda = 0.02$): each step keeps 98 % of the distance — it **crawls**.
// - $\eta = 0.1$: factor $0.8$, a smooth approach from one side.
// - $\eta = 0.5$ ($\eta\lambda = 1$): $1 - \eta\lambda = 0$, it lands on $w^{\star} = 3$ in **one** step.
// - $\eta = 0.9$ ($\eta\lambda = 1.8$): factor $-0.8$, it jumps over the minimum every step but still
//   converges — a **zig-zag**. It shrinks the distance exactly as fast as $\eta = 0.1$, from alternating sides.
// - $\eta = 1.05$ ($\eta\lambda = 2.1 > 2$): factor $-1.1$, each jump lands farther away — it **diverges**
//   (it leaves the plot after a few steps; the cell below prints where it is after 30).
//
// [`quadraticConvergence`](../lib/optimization/gradient-descent.ts) names the regime for any $\eta$ and $\lambda$,
// and [`maxStableLearningRate`](../lib/optimization/gradient-descent.ts) gives the bound $2/\lambda$:

// %%
const farOut = Math.abs(runs[4]!.at(-1)! - W_STAR);
console.log(`η = 1.05: |w_30 − 3| = ${farOut.toFixed(1)} = 3 · 1.1^30`);
assert.ok(Math.abs(farOut - 3 * 1.1 ** 30) < 1e-9);
new Table(
  ["η", "ηλ", "factor 1 − ηλ", "converges?", "regime"],
  rates.map((eta) => {
    const c = quadraticConvergence(eta, 2);
    return [eta, Number((eta * 2).toFixed(2)), Number(c.factor.toFixed(2)), c.converges ? "yes" : "no", c.regime];
  }),
  { caption: `J(w) = (w − 3)², λ = 2: gradient descent converges for η < ${maxStableLearningRate(2)}` },
);

// %% [markdown]
// The same runs on the curve itself: move the slider from a crawl to a blow-up
// ([`gradientDescentFigure`](../lib/optimization/gradient-descent.ts) precomputes every run, so the slider
// works without a kernel, on a web page too).

// %%
gradientDescentFigure({
  f: J, grad: dJdw, w0: 0, steps: 15,
  lrs: [0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0, 1.05],
  active: 2, xRange: [-2, 8],
  title: "Gradient descent on (w − 3)²: move the slider",
});

// %% [markdown]
// With a running kernel you can go further than the ten precomputed rates: the slider below is a
// widget ([`FloatSlider`](../lib/widgets/sliders.ts), [`interact`](../lib/widgets/interact.ts)), and
// dragging it reruns `gradientDescent1d` in TypeScript with the new $\eta$, the figure updating in
// place. Find the $\eta$ where the zig-zag starts, and the one where it stops converging. (On a web
// page, without a kernel, it shows the last run.)

// %%
const etaSlider = new FloatSlider({ value: 0.3, min: 0.01, max: 1.1, step: 0.01, description: "η", readoutFormat: ".2f", continuousUpdate: true });
interact(({ eta }) => {
  const c = quadraticConvergence(eta, 2);
  return curveWithIterates(J, gradientDescent1d(dJdw, { w0: 0, lr: eta, steps: 15 }), {
    xRange: [-2, 8], title: `η = ${eta.toFixed(2)}: factor 1 − ηλ = ${c.factor.toFixed(2)}, ${c.regime}`,
  });
}, { eta: etaSlider });

// %% [markdown]
// ## 6 · Two weights: a bowl
//
// A network has many weights; the rule is applied to each of them, with its own partial
// derivative. With two weights and
//
// $$J(w_1, w_2) = \tfrac{1}{2}\left(\lambda_1 w_1^2 + \lambda_2 w_2^2\right), \qquad \lambda_1 = 1,\ \lambda_2 = 10,$$
//
// the gradient is $\left(\lambda_1 w_1,\ \lambda_2 w_2\right)$ and each coordinate has its own
// condition $0 < \eta\lambda_i < 2$. One $\eta$ must satisfy both, so the steep direction
// ($\lambda_2 = 10$) caps it at $\eta < 0.2$, and at that size the flat direction ($\lambda_1 = 1$)
// moves slowly. **Predict** the shape of the path from $(-4, 1.5)$ with $\eta = 0.18$.

// %%
const LAMBDA: [number, number] = [1, 10];
const bowl = (w1: number, w2: number): number => 0.5 * (LAMBDA[0] * w1 ** 2 + LAMBDA[1] * w2 ** 2);
const bowlGrad = (w1: number, w2: number): [number, number] => [LAMBDA[0] * w1, LAMBDA[1] * w2];
const pathFor = (eta: number, steps: number) => gradientDescent2d(bowlGrad, { w0: [-4, 1.5], lr: eta, steps });
contourWithPaths(bowl, [
  { points: pathFor(0.05, 40), name: "η = 0.05 (slow)", color: "#2ca02c" },
  { points: pathFor(0.18, 40), name: "η = 0.18 (zig-zags across the valley)", color: "#d62728" },
], { xRange: [-4.5, 1], yRange: [-2, 2], title: "Gradient descent on an elongated bowl", logLevels: true });

// %% [markdown]
// With $\eta = 0.18$ the path bounces across the narrow valley ($1 - 0.18 \cdot 10 = -0.8$)
// while it creeps along it ($1 - 0.18 \cdot 1 = 0.82$); with $\eta = 0.05$ it does not bounce
// but creeps even more slowly. Lesson 04's **momentum** is one cure for exactly this shape; the next section
// is another.
//
// ## 7 · Curvature, Newton's method and preconditioning
//
// $\lambda$ is the loss's **curvature**, its second derivative: $J'' = \lambda$ for $J = \frac{\lambda}{2}(w - w^\star)^2$.
// Taylor to second order, $J(w + \Delta) \approx J(w) + g\Delta + \tfrac{1}{2}\lambda\Delta^2$ with $g = J'(w)$, is smallest at
// $\Delta = -g/\lambda$. That is **Newton's method**, $w := w - J'(w)/J''(w)$: gradient descent with $\eta = 1/\lambda$, which on a
// parabola lands on the minimum in one step — section 5's $\eta = 0.5$ for $\lambda = 2$.
//
// On a function that is not a parabola Newton's step is only as good as the second-order Taylor picture, but near a
// minimum it is very good. **Predict** how many steps it needs on section 8's $w^4 - 3w^2 + w$ from $w = 1.5$, against
// gradient descent.

// %%
const slopeOfBumpy = (w: number) => 4 * w ** 3 - 6 * w + 1;    // J′
const curvatureOfBumpy = (w: number) => 12 * w ** 2 - 6;       // J″ (> 0 near this minimum)
const newtonIterates = [1.5];
for (let t = 0; t < 8; t++) {
  const w = newtonIterates[t]!;
  newtonIterates.push(w - slopeOfBumpy(w) / curvatureOfBumpy(w));   // w := w − J′(w)/J″(w)
}
const descentIterates = gradientDescent1d(slopeOfBumpy, { w0: 1.5, lr: 0.02, steps: 60 });
const wLocalMin = newtonIterates.at(-1)!;
assert.ok(Math.abs(slopeOfBumpy(wLocalMin)) < 1e-12, `J′(w*) = ${slopeOfBumpy(wLocalMin)}`);
const newtonError4 = Math.abs(newtonIterates[4]! - wLocalMin);
assert.ok(newtonError4 < 1e-6 && Math.abs(descentIterates[10]! - wLocalMin) > 1e4 * newtonError4);
new Table(["step", "Newton: |w − w*|", "gradient descent η = 0.02: |w − w*|"],
  [0, 1, 2, 3, 4, 5, 10, 30, 60].map((t) => [t, t <= 5 ? Math.abs(newtonIterates[t]! - wLocalMin) : "", Math.abs(descentIterates[t]! - wLocalMin)]),
  { caption: `The local minimum w* = ${wLocalMin.toFixed(10)} of w⁴ − 3w² + w` });

// %% [markdown]
// Newton's error roughly *squares* each step (the number of correct digits doubles) once it is close; gradient
// descent's shrinks by a constant factor. The price, with $n$ weights: the curvature is an $n \times n$ matrix (the
// Hessian) to compute and invert, impossible for a network's millions of weights.
//
// **Preconditioning** keeps the cheap part of the idea: rescale each coordinate by (an estimate of) its curvature,
// $w_i := w_i - \eta\, g_i / \lambda_i$. On section 6's bowl, $\lambda = (1, 10)$, that turns the elongated valley into a
// round one, and one $\eta$ now suits both directions. **Predict** the steps each needs to bring $J$ below $10^{-6}$.

// %%
const preconditioned = (w1: number, w2: number): [number, number] => [bowlGrad(w1, w2)[0] / LAMBDA[0], bowlGrad(w1, w2)[1] / LAMBDA[1]];
const stepsBelow = (path: [number, number][]) => path.findIndex(([a, b]) => bowl(a, b) < 1e-6);
const plainPath = gradientDescent2d(bowlGrad, { w0: [-4, 1.5], lr: 2 / (LAMBDA[0] + LAMBDA[1]), steps: 400 });
const precondPath = gradientDescent2d(preconditioned, { w0: [-4, 1.5], lr: 0.9, steps: 400 });
const newtonBowlPath = gradientDescent2d(preconditioned, { w0: [-4, 1.5], lr: 1, steps: 3 });
console.log(`plain descent, best η = 2/(λ₁ + λ₂) = ${(2 / 11).toFixed(3)}: ${stepsBelow(plainPath)} steps`);
console.log(`preconditioned, η = 0.9: ${stepsBelow(precondPath)} steps;  η = 1 (Newton): ${stepsBelow(newtonBowlPath)} step`);
assert.equal(stepsBelow(newtonBowlPath), 1);
assert.ok(stepsBelow(precondPath) < stepsBelow(plainPath));
contourWithPaths(bowl, [
  { points: plainPath.slice(0, 40), name: "plain, η = 2/11", color: "#d62728" },
  { points: precondPath.slice(0, 40), name: "preconditioned, η = 0.9", color: "#2ca02c" },
], { xRange: [-4.5, 1], yRange: [-2, 2], title: "Preconditioning turns the valley into a round bowl", logLevels: true });

// %% [markdown]
// Even with its best $\eta$, plain descent needs many times more steps than the preconditioned one, whose path
// goes straight at the minimum. Optimizers such as Adam (lesson 06 trains with it) precondition each weight by a running
// estimate of its gradient's size — a cheap, diagonal stand-in for the curvature.
//
//
// ## 8 · A gradient check
//
// When a gradient is written by hand it can be checked against the definition of the derivative,
// with a *central difference*:
//
// $$\frac{\partial J}{\partial w} \approx \frac{J(w + h) - J(w - h)}{2h}.$$
//
// Take a less friendly loss, $J(w) = w^4 - 3w^2 + w$, whose derivative is $4w^3 - 6w + 1$.
// **Predict:** should the three columns agree to 2 digits? to 6?

// %%
const bumpy = (w: number): number => w ** 4 - 3 * w ** 2 + w;
const bumpyGrad = (w: number): number => 4 * w ** 3 - 6 * w + 1;
const bumpyTf = tf.grad((w: tf.Tensor) => w.pow(4).sub(w.square().mul(3)).add(w));
const h = 1e-5;
const rows = [-1.5, -0.3, 0.7, 1.2].map((w) => {
  const numeric = (bumpy(w + h) - bumpy(w - h)) / (2 * h);
  const auto = tf.tidy(() => bumpyTf(tf.scalar(w)).dataSync()[0]!);
  assert.ok(Math.abs(numeric - bumpyGrad(w)) < 1e-6, `central difference at w = ${w}`);
  assert.ok(Math.abs(auto - bumpyGrad(w)) < 1e-4, `tf.grad at w = ${w}`);
  return [w, bumpyGrad(w), numeric, auto, Math.abs(numeric - bumpyGrad(w)), Math.abs(auto - bumpyGrad(w))];
});
new Table(["w", "by hand", "central difference", "tf.grad (float32)", "|central − hand|", "|tf.grad − hand|"], rows,
  { caption: "Three ways to the same slope" });

// %% [markdown]
// They agree to about 6–7 digits: `tf.grad` computes in 32-bit floats, the others in 64-bit.
// A hand-written gradient that disagrees in the *first* digit has a bug.
//
// This loss has two valleys. Gradient descent goes down the one it starts in:

// %%
const fromLeft = gradientDescent1d(bumpyGrad, { w0: -2, lr: 0.02, steps: QUICK ? 40 : 60 });
const fromRight = gradientDescent1d(bumpyGrad, { w0: 2, lr: 0.02, steps: QUICK ? 40 : 60 });
console.log(`from w0 = -2: ends at w = ${fromLeft.at(-1)!.toFixed(4)}, J = ${bumpy(fromLeft.at(-1)!).toFixed(4)}`);
console.log(`from w0 = +2: ends at w = ${fromRight.at(-1)!.toFixed(4)}, J = ${bumpy(fromRight.at(-1)!).toFixed(4)}`);
const twoValleys = curveWithIterates(bumpy, fromLeft, { title: "Two starts, two valleys (η = 0.02)", xRange: [-2.1, 2.1], iteratesName: "from w₀ = −2" });
twoValleys.addTrace({ type: "scatter", mode: "lines+markers", name: "from w₀ = +2", x: fromRight, y: fromRight.map(bumpy), marker: { size: 6, color: "#2ca02c" }, line: { color: "#2ca02c", dash: "dot" } });
twoValleys;

// %% [markdown]
// Starting on the right it stops in the shallower valley (a **local** minimum): the slope there
// is zero too, and the rule has no way to know a deeper valley exists.
//
// ## 9 · Exercises
//
// Each exercise is a function to complete (in the student version its body is `throw new Error("not implemented");`),
// followed by a locked cell of tests worth the points shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (2 points): one step
//
// Write `gdStep(wOld, grad, lr)`, which returns $w^{\text{new}} = w^{\text{old}} - \eta \frac{\partial J}{\partial w}$
// for every weight of a list: `wOld` and `grad` are arrays of the same length. Throw a
// `RangeError` if their lengths differ.

// %% {"nbgrader": {"grade_id": "gd_step", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function gdStep(wOld: number[], grad: number[], lr: number): number[] {
  // BEGIN SOLUTION
  if (wOld.length !== grad.length) {
    throw new RangeError(`gdStep: ${wOld.length} weights but ${grad.length} gradients`);
  }
  return wOld.map((w, i) => w - lr * grad[i]!);
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "gd_step_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
// The notes' rule with w_old = 0, slope −6, η = 0.1 gives 0.6:
assert.ok(Math.abs(gdStep([0], [-6], 0.1)[0]! - 0.6) < 1e-12);
assert.deepEqual(gdStep([1, 2], [0, 0], 0.5), [1, 2]);   // zero slope: no move
// BEGIN HIDDEN TESTS
{
  const out = gdStep([1, -2, 0.5], [4, -1, 0], 0.25);
  assert.equal(out.length, 3);
  assert.ok(Math.abs(out[0]! - 0) < 1e-12 && Math.abs(out[1]! + 1.75) < 1e-12 && Math.abs(out[2]! - 0.5) < 1e-12, `got ${out}`);
  assert.deepEqual(gdStep([3, 4], [10, -10], 0), [3, 4]);   // η = 0: no move
  const w = [0.6];
  gdStep(w, [1], 0.1);
  assert.deepEqual(w, [0.6], "gdStep must not change its input");
  assert.throws(() => gdStep([1, 2], [1], 0.1), RangeError);
}
// END HIDDEN TESTS
console.log("gdStep: visible tests passed");

// %% [markdown]
// ### Exercise 2 (2 points): the largest safe learning rate
//
// For $J(w) = \frac{\lambda}{2}(w - w^{\star})^2$, section 5 showed that gradient descent converges
// exactly when $0 < \eta\lambda < 2$. For a bowl with several curvatures $\lambda_1, \lambda_2, \dots$
// (section 6) one $\eta$ must satisfy all of them.
//
// Write `largestStableLr(lambdas)`: the supremum of the learning rates for which gradient descent
// converges on the bowl with those curvatures (all $\lambda_i > 0$). Throw a `RangeError` for an empty
// list or a curvature that is not positive.

// %% {"nbgrader": {"grade_id": "largest_stable_lr", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function largestStableLr(lambdas: number[]): number {
  // BEGIN SOLUTION
  if (lambdas.length === 0) throw new RangeError("largestStableLr: no curvatures given");
  const bad = lambdas.find((l) => !(l > 0));
  if (bad !== undefined) throw new RangeError(`largestStableLr: curvature ${bad} is not positive`);
  return 2 / Math.max(...lambdas);
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "largest_stable_lr_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.ok(Math.abs(largestStableLr([2]) - 1) < 1e-12);          // our parabola: η < 1
assert.ok(Math.abs(largestStableLr([1, 10]) - 0.2) < 1e-12);    // section 6's bowl
// BEGIN HIDDEN TESTS
{
  assert.ok(Math.abs(largestStableLr([10, 1, 4]) - 0.2) < 1e-12, "the steepest curvature decides, wherever it is in the list");
  assert.ok(Math.abs(largestStableLr([0.5]) - 4) < 1e-12);
  // just below converges, just above diverges, on a real run
  const lambdas = [3, 0.7];
  const eta = largestStableLr(lambdas);
  const runOn = (e: number) => {
    let w = [1, 1];
    for (let t = 0; t < 300; t++) w = w.map((wi, i) => wi - e * lambdas[i]! * wi);
    return Math.hypot(...w);
  };
  assert.ok(runOn(0.98 * eta) < 1e-2 && runOn(1.02 * eta) > 1, "the bound must separate converging from diverging");
  assert.throws(() => largestStableLr([]), RangeError);
  assert.throws(() => largestStableLr([1, 0]), RangeError);
  assert.throws(() => largestStableLr([-2]), RangeError);
}
// END HIDDEN TESTS
console.log("largestStableLr: visible tests passed");

// %% [markdown]
// ### Exercise 3 (2 points): a whole descent
//
// Write `descend(gradient, w0, lr, numSteps)`, which applies the rule `numSteps` times from `w0`
// and returns **all** the weights visited, `[w0, w1, ..., w_numSteps]` (so `numSteps + 1` numbers).

// %% {"nbgrader": {"grade_id": "descend", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function descend(gradient: (w: number) => number, w0: number, lr: number, numSteps: number): number[] {
  // BEGIN SOLUTION
  const ws = [w0];
  let w = w0;
  for (let t = 0; t < numSteps; t++) {
    w = w - lr * gradient(w);
    ws.push(w);
  }
  return ws;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "descend_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
{
  const ws = descend(dJdw, 0, 0.1, 3);
  assert.equal(ws.length, 4);
  assert.ok(Math.abs(ws[1]! - 0.6) < 1e-12, `w1 should be 0.6, got ${ws[1]}`);
}
// BEGIN HIDDEN TESTS
{
  // matches the closed form w_t = 3 + (1 − 2η)^t (w0 − 3)
  const ws = descend(dJdw, -1, 0.3, 12);
  assert.equal(ws.length, 13);
  ws.forEach((w, t) => assert.ok(Math.abs(w - (3 + 0.4 ** t * -4)) < 1e-9, `step ${t}: ${w}`));
  assert.deepEqual(descend(dJdw, 5, 0.1, 0), [5]);
  // it calls the gradient at the current weight, not at w0
  const ws2 = descend((w) => Math.cos(w), 0, 0.5, 2);
  assert.ok(Math.abs(ws2[2]! - (-0.5 - 0.5 * Math.cos(-0.5))) < 1e-12);
}
// END HIDDEN TESTS
console.log("descend: visible tests passed");

// %% [markdown]
// ## Summary
//
// - The notes' rule, in either notation: $w^{\text{new}} = w^{\text{old}} - \eta \frac{\partial J}{\partial w}$.
// - The slope comes from differentiating the loss — by hand, or with `tf.grad` — and a
//   central difference checks either one.
// - On a parabola of curvature $\lambda$ the distance to the minimum is multiplied by $1 - \eta\lambda$
//   every step: converge if $0 < \eta\lambda < 2$, crawl if $\eta\lambda$ is tiny, diverge beyond 2.
// - $-\nabla J$ is the steepest way down, to first order (Taylor); for a small enough step the loss must fall.
// - With several weights, the steepest direction limits $\eta$ and the flattest one sets the pace.
// - $\lambda$ is the curvature. Newton's method steps $-g/\lambda$ and lands on a parabola's minimum in one step;
//   dividing each coordinate by its curvature (preconditioning) removes the bowl's elongation.
//
// Next, lesson 02: what happens when $\frac{\partial J}{\partial w}$ itself becomes tiny (or huge)
// deep inside a network.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`gradient-descent.ts`](../lib/optimization/gradient-descent.ts): `gradientDescent1d`, `gradientDescent2d`, `gradientDescentFigure`, `quadraticConvergence`, `maxStableLearningRate`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`, `curveWithIterates`
// - [`figures/contour.ts`](../lib/figures/contour.ts): `contourWithPaths`
// - [`figures/table.ts`](../lib/figures/table.ts): `Table`
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`

// %% [markdown]
// ## Further reading
//
// - d2l.ai, [Gradient descent](https://d2l.ai/chapter_optimization/gd.html) (one and several dimensions, Newton's method, preconditioning).
// - J. Nocedal and S. J. Wright, *Numerical Optimization* (2nd ed., Springer 2006), chapters 2–3 (descent directions, step lengths) and 6 (Newton and quasi-Newton methods).
// - G. Goh, [Why momentum really works](https://distill.pub/2017/momentum/), Distill 2017 — its first section is gradient descent on a quadratic, as here.
