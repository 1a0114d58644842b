// %% [markdown]
// # 04 · Optimizers and momentum
//
// The notes, as the instructor wrote them:
//
// > Optimizers: Method of updating the weights
// >
// > Ordinary Gradient Descent : $w_t^{\text{new}} := w_t^{\text{old}} - \eta \frac{\partial J}{\partial w}$
// >
// > Ordinary Gradient Descent: $\text{new}_{wt} := \text{old}_{wt} - \eta \frac{\partial J}{\partial w}$
// >
// > **Momentum Optimizer :-**
// > $$m := \beta m - \eta \frac{\partial}{\partial w} J(w)$$
// > $$w := w + m$$
//
// An **optimizer** is a method of updating the weights: given the weights and the gradient
// (and whatever the optimizer remembers), it returns the next weights. Ordinary gradient descent
// remembers nothing. Momentum remembers one thing, $m$: a running, decaying sum of past steps —
// a *velocity*. $\beta \in [0, 1)$ says how much of the last velocity survives each step; $\eta$ is
// the learning rate, as in lesson 01.
//
// The plan: one momentum step by hand → $\beta = 0$ is ordinary descent → the same numbers as
// TensorFlow.js's `tf.train.momentum` → the effective step $\eta/(1-\beta)$ → the ill-conditioned
// bowl where plain descent crawls or diverges and momentum converges → the convergence rate over $(\eta, \beta)$ as a
// map, the optimal $\beta$ and the $\sqrt\kappa$ speed-up → Nesterov → noisy gradients → sliders → your turn.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, linePlot, Table,
  momentumStep, gradientDescentStep, runMomentum, effectiveLearningRate,
  quadratic, ILL_CONDITIONED_LAMBDAS,
  momentumComparisonFigure, momentumLossFigure, momentumSliderFigure,
  momentumRateMap, optimalSettings, bowlRate, stepsToShrink, seededRandom,
  FloatSlider, interact,
} from "tsdl";

await ensureBackend();
/** Quick mode (CI): fewer steps in the long runs; every cell still runs. */
const QUICK = process.env.TSDL_QUICK === "1";

// %% [markdown]
// ## 1 · One momentum step, by hand
//
// Lesson 01's loss again: $J(w) = (w - 3)^2$, $\frac{\partial J}{\partial w} = 2(w - 3)$, start at $w = 0$
// with $m = 0$, $\eta = 0.1$, $\beta = 0.9$.
//
// Step 1: the slope is $-6$, so $m = 0.9 \cdot 0 - 0.1 \cdot (-6) = 0.6$ and $w = 0 + 0.6 = 0.6$ —
// exactly ordinary descent's first step, since there is no velocity yet.
//
// Step 2: the slope at $0.6$ is $-4.8$. **Predict** $m$ and $w$, then run.

// %%
const dJdw = (w: number): number => 2 * (w - 3);
let state = { w: [0], m: [0] };
for (let t = 1; t <= 2; t++) {
  const g = dJdw(state.w[0]!);
  state = momentumStep(state, [g], { lr: 0.1, beta: 0.9 });
  console.log(`step ${t}: slope ${g.toFixed(2)}  →  m = ${state.m[0]!.toFixed(4)},  w = ${state.w[0]!.toFixed(4)}`);
}
assert.ok(Math.abs(state.m[0]! - 1.02) < 1e-12 && Math.abs(state.w[0]! - 1.62) < 1e-12);

// %% [markdown]
// $m = 0.9 \cdot 0.6 - 0.1 \cdot (-4.8) = 0.54 + 0.48 = 1.02$ and $w = 0.6 + 1.02 = 1.62$. Ordinary descent
// would be at $0.6 + 0.48 = 1.08$: momentum keeps $90\,\%$ of the previous step **and** adds the
// new one, so it speeds up while the slope keeps pointing the same way.
//
// ([`momentumStep`](../lib/optimization/optimizers.ts) is the library's version of the two lines of the notes.)
//
// ## 2 · $\beta = 0$ is ordinary gradient descent
//
// Put $\beta = 0$ into the notes' momentum: $m := -\eta \frac{\partial J}{\partial w}$, $w := w + m$, which is
// $w := w - \eta \frac{\partial J}{\partial w}$. One step function serves both optimizers;
// [`gradientDescentStep`](../lib/optimization/optimizers.ts) is literally `momentumStep` with $\beta = 0$.

// %%
const wNow = [0.6, -2, 5];
const gNow = [1.5, -0.25, 4];
const viaMomentum = momentumStep({ w: wNow, m: [9, 9, 9] }, gNow, { lr: 0.1, beta: 0 }).w;
const viaDescent = gradientDescentStep(wNow, gNow, 0.1);
console.log("momentum, β = 0:", viaMomentum);
console.log("gradient descent:", viaDescent);
assert.deepEqual(viaMomentum, viaDescent);   // whatever the old velocity was, β = 0 forgets it

// %% [markdown]
// ## 3 · The same numbers as TensorFlow.js
//
// TensorFlow.js writes momentum differently: it keeps an accumulator $a := \beta a + g$ and steps
// $w := w - \eta a$. Multiply the accumulator by $-\eta$ and you get the notes' $m$ (with $m_0 = a_0 = 0$,
// by induction $m_t = -\eta a_t$), so the weights must agree step for step. **Predict:** to how many
// digits? (TensorFlow.js computes in 32-bit floats.)

// %%
const bowl = quadratic([1, 50]);                       // J(w) = ½(w₁² + 50·w₂²)
const w0: [number, number] = [-4, 1];
const numCheck = 8;
const ours = runMomentum(bowl.grad, w0, { lr: 0.015, beta: 0.9, steps: numCheck });
const theirs = tf.tidy(() => {
  const w = tf.variable(tf.tensor1d(w0));
  const lambdas = tf.tensor1d(bowl.lambdas);
  const opt = tf.train.momentum(0.015, 0.9);
  const path = [Array.from(w.dataSync())];
  for (let t = 0; t < numCheck; t++) {
    opt.minimize(() => w.square().mul(lambdas).sum().mul(0.5) as tf.Scalar);
    path.push(Array.from(w.dataSync()));
  }
  opt.dispose();
  return path;
});
new Table(["step", "ours w₁", "tf w₁", "ours w₂", "tf w₂", "largest |ours − tf|"],
  ours.map((w, t) => [t, w[0]!, theirs[t]![0]!, w[1]!, theirs[t]![1]!, Math.max(...w.map((wi, i) => Math.abs(wi - theirs[t]![i]!)))]),
  { caption: "momentumStep vs tf.train.momentum(0.015, 0.9) on J = ½(w₁² + 50·w₂²)" });

// %%
ours.forEach((w, t) => w.forEach((wi, i) => assert.ok(Math.abs(wi - theirs[t]![i]!) < 1e-5, `step ${t}, w${i + 1}`)));
const sgdTf = tf.tidy(() => {
  const w = tf.variable(tf.tensor1d(w0));
  const opt = tf.train.sgd(0.015);
  for (let t = 0; t < numCheck; t++) opt.minimize(() => w.square().mul(tf.tensor1d(bowl.lambdas)).sum().mul(0.5) as tf.Scalar);
  opt.dispose();
  return Array.from(w.dataSync());
});
const sgdOurs = runMomentum(bowl.grad, w0, { lr: 0.015, beta: 0, steps: numCheck }).at(-1)!;
console.log("after 8 steps, β = 0:", sgdOurs.map((v) => v.toFixed(6)), " tf.train.sgd:", sgdTf.map((v) => v.toFixed(6)));
sgdOurs.forEach((v, i) => assert.ok(Math.abs(v - sgdTf[i]!) < 1e-5));

// %% [markdown]
// They agree to float32 precision, for momentum and for plain descent (`tf.train.sgd`).
//
// ## 4 · The effective step $\eta / (1 - \beta)$
//
// Where the slope stays the same, $g$, the velocity settles where it stops changing:
// $m = \beta m - \eta g$, that is
//
// $$m_\infty = -\frac{\eta}{1 - \beta}\, g .$$
//
// So with $\beta = 0.9$, momentum moves $\frac{1}{1 - 0.9} = 10$ times as far per step as plain descent
// with the same $\eta$. **Predict** the three plateaus below (slope $g = 1$, $\eta = 0.1$).

// %%
const betas = [0, 0.5, 0.9];
linePlot(betas.map((beta) => {
  let s = { w: [0], m: [0] };
  const ms = [0];
  for (let t = 0; t < 60; t++) {
    s = momentumStep(s, [1], { lr: 0.1, beta });
    ms.push(-s.m[0]!);
  }
  return { y: ms, name: `β = ${beta}: η/(1−β) = ${effectiveLearningRate(0.1, beta).toFixed(2)}` };
}), { title: "Speed |m_t| on a constant slope g = 1, η = 0.1", xLabel: "step t", yLabel: "|m_t|" });

// %% [markdown]
// The speeds approach $0.1$, $0.2$ and $1.0$ — [`effectiveLearningRate`](../lib/optimization/optimizers.ts) gives
// $\eta/(1-\beta)$. It takes a while to get there: after $t$ steps $|m_t| = \frac{\eta}{1-\beta}(1 - \beta^t)$,
// so $\beta$ needs $\lceil \ln 0.1 / \ln \beta \rceil$ steps to reach $90\,\%$ of its top speed. The run counts them:

// %%
for (const beta of [0.5, 0.9]) {
  let s = { w: [0], m: [0] };
  let steps = 0;
  while (-s.m[0]! < 0.9 * effectiveLearningRate(0.1, beta)) {
    s = momentumStep(s, [1], { lr: 0.1, beta });
    steps++;
  }
  console.log(`β = ${beta}: 90 % of top speed after ${steps} steps`);
  assert.equal(steps, stepsToShrink(beta, 0.1)); // the gap to top speed shrinks by β a step
}

// %% [markdown]
// ## 5 · Where momentum earns its keep: an ill-conditioned bowl
//
// The notes' kind of problem for momentum is a long, narrow valley:
//
// $$J(w_1, w_2) = \tfrac{1}{2}\left(\lambda_1 w_1^2 + \lambda_2 w_2^2\right), \qquad \lambda = (1, 50).$$
//
// Its **condition number** $\kappa = \lambda_{\max}/\lambda_{\min} = 50$. Lesson 01 showed that plain
// descent needs $\eta < 2/\lambda_{\max} = 0.04$, and then the flat direction shrinks by only
// $1 - \eta\lambda_1 \ge 0.96$ per step: it crawls.

// %%
const ill = quadratic(ILL_CONDITIONED_LAMBDAS);
console.log("λ =", ill.lambdas, " condition number κ =", ill.conditionNumber, " largest stable η for plain descent:", 2 / Math.max(...ill.lambdas));

// %% [markdown]
// **Predict** the two paths from $(-4, 1)$ with $\eta = 0.035$: plain descent ($\beta = 0$) and momentum
// with $\beta = 0.7$. Which one gets closer to the centre?

// %%
const numSteps = QUICK ? 40 : 60;
momentumComparisonFigure({ lr: 0.035, beta: 0.7, steps: numSteps });

// %% [markdown]
// Plain descent (red) bounces across the valley for a while ($1 - 0.035 \cdot 50 = -0.75$) and then crawls
// along its floor ($1 - 0.035 \cdot 1 = 0.965$ per step), still far from the centre at the end. Momentum
// (orange) zig-zags across the valley too, but travels along it with ever longer steps and reaches the centre:
// along the floor every step's slope points the same way, so its velocity builds up, while across the valley
// the slopes alternate in sign and largely cancel in $m$.
//
// The loss per step, on a log scale, for several $\beta$ — **predict** the order before you look:

// %%
const lossBetas = [0, 0.5, 0.7, 0.9, 0.99];
momentumLossFigure({ steps: QUICK ? 80 : 150, runs: lossBetas.map((beta) => ({ lr: 0.035, beta })) });

// %%
new Table(["β", `J after ${numSteps} steps`], lossBetas.map((beta) => {
  const path = runMomentum(ill.grad, [-4, 1], { lr: 0.035, beta, steps: numSteps });
  return [beta, ill.f(path.at(-1)!)];
}), { caption: "η = 0.035 on J = ½(w₁² + 50·w₂²), starting at J = 33" });

// %% [markdown]
// Every $\beta$ up to $0.9$ beats plain descent, and $\beta = 0.7$ wins by many orders of magnitude. Too much
// momentum hurts: $\beta = 0.9$ overshoots again and again (the wiggles), and $\beta = 0.99$ barely converges
// at all. Like $\eta$, $\beta$ has a sweet spot; theory puts it near $(1 - \sqrt{\eta\lambda_{\min}})^2 = (1 - \sqrt{0.035})^2 \approx 0.66$,
// the $\beta$ at which the slow direction stops crawling without starting to swing. A scan of $\beta$ in steps
// of $0.01$ finds it:

// %%
const sweetSpotTheory = (1 - Math.sqrt(0.035 * Math.min(...ill.lambdas))) ** 2;
const betaScan = Array.from({ length: 100 }, (_, i) => i / 100).map((beta) =>
  ({ beta, J: ill.f(runMomentum(ill.grad, [-4, 1], { lr: 0.035, beta, steps: numSteps }).at(-1)!) }));
const sweetSpot = betaScan.reduce((best, r) => (r.J < best.J ? r : best));
console.log(`best β after ${numSteps} steps: ${sweetSpot.beta.toFixed(2)} (J = ${sweetSpot.J.toExponential(2)}); theory: ${sweetSpotTheory.toFixed(3)}`);
assert.ok(Math.abs(sweetSpot.beta - sweetSpotTheory) < 0.05, "the scanned sweet spot should sit near the theory's");

// %% [markdown]
//
// **Where plain descent diverges.** Raise $\eta$ to $0.045$: now $\eta\lambda_2 = 2.25 > 2$ and plain descent
// blows up along $w_2$. Momentum converges for $0 < \eta\lambda < 2(1 + \beta)$ (the velocity damps the
// back-and-forth), which for $\beta = 0.7$ allows $\eta\lambda_2$ up to $3.4$. **Predict** both final losses.

// %%
const diverging = runMomentum(ill.grad, [-4, 1], { lr: 0.045, beta: 0, steps: numSteps });
const rescued = runMomentum(ill.grad, [-4, 1], { lr: 0.045, beta: 0.7, steps: numSteps });
console.log(`plain descent, η = 0.045: J after ${diverging.length - 1} steps = ${ill.f(diverging.at(-1)!).toExponential(2)}`);
console.log(`momentum β = 0.7, η = 0.045: J after ${rescued.length - 1} steps = ${ill.f(rescued.at(-1)!).toExponential(2)}`);
assert.ok(ill.f(diverging.at(-1)!) > ill.f([-4, 1]), "plain descent should have diverged");
assert.ok(ill.f(rescued.at(-1)!) < 1e-4 * ill.f([-4, 1]), "momentum should have converged");

// %%
momentumComparisonFigure({ lr: 0.045, beta: 0.7, steps: 12 });

// %% [markdown]
// (Twelve steps only: after that plain descent's path leaves the picture.)
//
// ## 6 · The whole map: convergence rate over $(\eta, \beta)$
//
// Distill's "Why Momentum Really Works" reads all of this off one formula. On $J = \frac{\lambda}{2}w^2$ a momentum step is
// linear in $(m, w)$:
//
// $$\begin{pmatrix} m \\ w \end{pmatrix} := \begin{pmatrix} \beta & -\eta\lambda \\ \beta & 1 - \eta\lambda \end{pmatrix} \begin{pmatrix} m \\ w \end{pmatrix},$$
//
// so the error shrinks like $\rho^t$, where $\rho$ is the larger $|\mu|$ among the matrix's eigenvalues, the roots of
// $\mu^2 - (1 + \beta - \eta\lambda)\mu + \beta = 0$. When they are complex both have $|\mu| = \sqrt\beta$ (the path spirals);
// when real, the larger one decides. On the bowl the slower of $\lambda_1 = 1$ and $\lambda_2 = 50$ sets the pace
// ([`momentumRate`, `bowlRate`](../lib/optimization/momentum-rate.ts); the tests check the formula against long runs).
// **Predict** where on the map below the darkest (fastest) region lies.

// %%
const mapLrs = Array.from({ length: 80 }, (_, k) => Number((0.001 + k * 0.001).toFixed(3)));
const mapBetas = Array.from({ length: 50 }, (_, k) => Number((k * 0.02).toFixed(2)));
momentumRateMap({ lrs: mapLrs, betas: mapBetas });

// %% [markdown]
// The best pair has a closed form (Polyak's heavy ball; Distill derives it). With $\kappa = \lambda_{\max}/\lambda_{\min}$:
//
// $$\eta^\star = \left(\frac{2}{\sqrt{\lambda_{\min}} + \sqrt{\lambda_{\max}}}\right)^2, \quad
// \beta^\star = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2, \quad \rho^\star = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1},$$
//
// against plain descent's best, $\eta = 2/(\lambda_{\min} + \lambda_{\max})$ with $\rho = \frac{\kappa - 1}{\kappa + 1}$. Steps to shrink
// the error by a factor $\varepsilon$ go like $\ln(1/\varepsilon)/(1 - \rho)$, that is like $\kappa$ for descent and $\sqrt\kappa$ for
// momentum: the **$\sqrt\kappa$ speed-up**. **Predict** the two step counts for $\kappa = 50$, then see them measured.

// %%
const best = optimalSettings(ILL_CONDITIONED_LAMBDAS);
const mapBest = mapBetas.flatMap((beta) => mapLrs.map((lr) => ({ lr, beta, rate: bowlRate(lr, beta, ILL_CONDITIONED_LAMBDAS) })))
  .reduce((a, b) => (b.rate < a.rate ? b : a));
console.log(`formula: η* = ${best.momentum.lr.toFixed(4)}, β* = ${best.momentum.beta.toFixed(4)}, ρ* = ${best.momentum.rate.toFixed(4)}`);
console.log(`best grid point of the map: η = ${mapBest.lr}, β = ${mapBest.beta}, ρ = ${mapBest.rate.toFixed(4)}`);
assert.ok(mapBest.rate >= best.momentum.rate - 1e-9 && Math.abs(mapBest.beta - best.momentum.beta) < 0.05);
const stepsUntil = (path: number[][], target: number) => path.findIndex((w) => ill.f(w) < target);
const target = 1e-8 * ill.f([-4, 1]);
const gdRun = runMomentum(ill.grad, [-4, 1], { lr: best.descent.lr, beta: 0, steps: 2000 });
const hbRun = runMomentum(ill.grad, [-4, 1], { lr: best.momentum.lr, beta: best.momentum.beta, steps: 2000 });
const speedRows = [
  ["plain descent", best.descent.lr, 0, best.descent.rate, stepsToShrink(best.descent.rate ** 2, 1e-8), stepsUntil(gdRun, target)],
  ["momentum", best.momentum.lr, best.momentum.beta, best.momentum.rate, stepsToShrink(best.momentum.rate ** 2, 1e-8), stepsUntil(hbRun, target)],
];
const speedUp = stepsUntil(gdRun, target) / stepsUntil(hbRun, target);
console.log(`measured speed-up ${speedUp.toFixed(1)}×;  √κ = ${Math.sqrt(best.kappa).toFixed(2)}`);
assert.ok(speedUp > 0.5 * Math.sqrt(best.kappa) && speedUp < 2 * Math.sqrt(best.kappa));
new Table(["optimizer", "η", "β", "ρ", "steps for J ÷ 10⁸ (from ρ²)", "steps measured"],
  speedRows.map((r) => r.map((v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toFixed(4)) : v))),
  { caption: `Each at its best settings on λ = (1, 50), κ = ${best.kappa}, from (−4, 1)` });

// %% [markdown]
// The map's darkest cells lie next to the formula's $(\eta^\star, \beta^\star)$ (the printed grid point; the grid is
// discrete and the optimum sits on the edge where the steep direction stops oscillating), and the measured speed-up is of the order of
// $\sqrt{\kappa}$ (the printed ratio against $\sqrt{50} \approx 7.1$; the formula counts the error's $\rho^t$, a run also has a
// start-dependent constant). For $\kappa = 10^4$ that is the difference between about $10^4$ and
// $10^2$ steps per factor $e$. Note the map's right edge: every $\beta > 0$ widens the stable range of $\eta$ beyond $2/\lambda_{\max} = 0.04$,
// section 5's $2(1 + \beta)/\lambda_{\max}$.
//
// ## 7 · Nesterov's momentum
//
// Nesterov's variant takes the gradient where the velocity is about to carry the weights, at the look-ahead point
// $w + \beta m$:
//
// $$m := \beta m - \eta \nabla J(w + \beta m), \qquad w := w + m .$$
//
// Near a turn the look-ahead gradient already points back, so it brakes before overshooting. `runMomentum` takes
// `nesterov: true`; the tests check it step for step against `tf.train.momentum(η, β, true)` (which tracks the variable
// $w + \beta m$). **Predict** which converges faster with $\eta = 0.02$ and $\beta = 0.9$, where plain momentum wiggles.

// %%
const nagLr = 0.02;
const nagRows = [0.7, 0.9, 0.95].map((beta) => {
  const heavy = runMomentum(ill.grad, [-4, 1], { lr: nagLr, beta, steps: numSteps });
  const nag = runMomentum(ill.grad, [-4, 1], { lr: nagLr, beta, steps: numSteps, nesterov: true });
  return [beta, ill.f(heavy.at(-1)!), ill.f(nag.at(-1)!)];
});
const nag09 = nagRows.find((r) => r[0] === 0.9)!;
assert.ok(nag09[2]! < 0.1 * nag09[1]!, "Nesterov beats plain momentum at β = 0.9");
new Table(["β", `momentum: J after ${numSteps} steps`, `Nesterov: J after ${numSteps} steps`], nagRows,
  { caption: `η = ${nagLr} on J = ½(w₁² + 50·w₂²)` });

// %%
momentumLossFigure({ steps: QUICK ? 80 : 150, runs: [{ lr: nagLr, beta: 0.9 }, { lr: nagLr, beta: 0.9, nesterov: true }] });

// %% [markdown]
// With a large $\beta$ the look-ahead damps plain momentum's wiggles, as the table and the curves show; at $\beta = 0.7$
// plain momentum is as good or better. The look-ahead has a price: on $J = \frac{\lambda}{2}w^2$ Nesterov's momentum is
// stable only for $\eta\lambda < 2(1 + \beta)/(1 + 2\beta)$, against $2(1 + \beta)$ for plain momentum. Section 5's $\eta = 0.035$
// ($\eta\lambda_2 = 1.75$) is beyond that limit for $\beta = 0.9$:

// %%
{
  const limit = (beta: number) => (2 * (1 + beta)) / (1 + 2 * beta);
  const heavy = runMomentum(ill.grad, [-4, 1], { lr: 0.035, beta: 0.9, steps: numSteps });
  const nag = runMomentum(ill.grad, [-4, 1], { lr: 0.035, beta: 0.9, steps: numSteps, nesterov: true });
  console.log(`β = 0.9: Nesterov needs ηλ < ${limit(0.9).toFixed(3)}, plain momentum ηλ < ${2 * 1.9}; here ηλ₂ = ${(0.035 * 50).toFixed(2)}`);
  console.log(`η = 0.035, β = 0.9 after ${numSteps} steps: momentum J = ${ill.f(heavy.at(-1)!).toExponential(2)}, Nesterov J = ${ill.f(nag.at(-1)!).toExponential(2)}`);
  assert.ok(ill.f(nag.at(-1)!) > ill.f([-4, 1]) && ill.f(heavy.at(-1)!) < 1);
}

// %% [markdown]
// Nesterov's real guarantee is elsewhere: on smooth convex functions that are not quadratic it reaches the optimal
// worst-case rate (Nesterov 1983), which plain momentum does not guarantee.
//
// ## 8 · Momentum with noisy gradients
//
// A network's gradient comes from a minibatch, so it is the true gradient plus noise. Add Gaussian noise of
// standard deviation $1$ to each coordinate of the bowl's gradient and run three optimizers for 1,500 steps:
// plain descent with $\eta = 0.02$; momentum $\beta = 0.9$ with the same $\eta$; and momentum $\beta = 0.9$ with
// $\eta = 0.002$, the same **effective** step $\eta/(1-\beta) = 0.02$. **Predict** which ends closest to the bottom.

// %%
const noisyRun = (lr: number, beta: number, seed: number) => {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());   // Box–Muller, N(0, 1)
  const path = runMomentum((w) => ill.grad(w).map((g) => g + gauss()), [-4, 1], { lr, beta, steps: 1500 });
  const losses = path.map((w) => ill.f(w));
  return { losses, floor: losses.slice(1000).reduce((s, v) => s + v, 0) / 500 };
};
const noisyArms = [{ lr: 0.02, beta: 0 }, { lr: 0.02, beta: 0.9 }, { lr: 0.002, beta: 0.9 }];
const noisySeeds = QUICK ? [1, 2] : [1, 2, 3, 4, 5];
const noisyResults = noisyArms.map(({ lr, beta }) => noisySeeds.map((seed) => noisyRun(lr, beta, seed)));
const floorOf = (n: number) => noisyResults[n]!.reduce((s, r) => s + r.floor, 0) / noisySeeds.length;
assert.ok(floorOf(1) > 3 * floorOf(0), "same η: momentum's floor is higher");
assert.ok(floorOf(2) < 2 * floorOf(0) && floorOf(2) > 0.5 * floorOf(0), "same effective step: about the same floor");
new Table(["η", "β", "η/(1−β)", "mean J over steps 1,000–1,500", "first step with J < 0.1 (seed 1)"],
  noisyArms.map(({ lr, beta }, n) => {
    const floors = noisyResults[n]!.map((r) => r.floor);
    return [lr, beta, effectiveLearningRate(lr, beta), Number((floors.reduce((s, v) => s + v, 0) / floors.length).toPrecision(3)), noisyResults[n]![0]!.losses.findIndex((v) => v < 0.1)];
  }), { caption: `Noisy gradients (σ = 1), mean over ${noisySeeds.length} seeds` });

// %%
linePlot(noisyArms.map(({ lr, beta }, n) => ({ y: noisyResults[n]![0]!.losses, name: `η = ${lr}, β = ${beta}` })),
  { title: "J per step with noisy gradients (seed 1)", xLabel: "step", yLabel: "J(w)", logY: true });

// %% [markdown]
// Noise sets a **floor**: the loss stops falling and jitters at a level set by the step size. With the same $\eta$,
// momentum's floor is several times higher: its velocity adds up the noise as it adds up the gradient, so it acts like
// the larger step $\eta/(1-\beta)$. At the same effective step the floor is about plain descent's, and it gets there
// about as fast (the last column). Momentum does not average the noise away. To go below the floor, lower $\eta$ as
// training goes on (a *schedule*), or use larger batches (less noise).
//
// ## 9 · Try it: sliders for $\eta$ and $\beta$
//
// Every combination below is precomputed, so the sliders work on a web page with no kernel
// ([`momentumSliderFigure`](../lib/optimization/momentum-figures.ts)). $\beta = 0$ is ordinary gradient descent.
// Find the fastest pair; find one where plain descent diverges and momentum does not.

// %%
momentumSliderFigure({
  lrs: [0.005, 0.01, 0.02, 0.035, 0.045, 0.06, 0.08],
  betas: [0, 0.5, 0.7, 0.8, 0.9, 0.95],
  activeLr: 3, activeBeta: 2,
  steps: numSteps,
});

// %% [markdown]
// With a running kernel, any $(\eta, \beta)$: the two sliders below are widgets, and each change reruns
// both optimizers on the bowl in TypeScript, redrawing the paths in place, with the rate $\rho$ that
// [`bowlRate`](../lib/optimization/momentum-rate.ts) predicts and the steps it needs to shrink the error
// tenfold. Push $\eta$ past $0.04$: plain descent (red) diverges; find the $\beta$ at which momentum
// (orange) still converges, and check it against $\eta\lambda_{\max} < 2(1 + \beta)$. (On a web page it
// shows the last run.)

// %%
const liveLr = new FloatSlider({ value: 0.035, min: 0.001, max: 0.08, step: 0.001, description: "η", readoutFormat: ".3f" });
const liveBeta = new FloatSlider({ value: 0.7, min: 0, max: 0.99, step: 0.01, description: "β", readoutFormat: ".2f" });
interact(({ lr, beta }) => {
  const rates = { descent: bowlRate(lr, 0, ILL_CONDITIONED_LAMBDAS), momentum: bowlRate(lr, beta, ILL_CONDITIONED_LAMBDAS) };
  const pace = (rate: number) => (rate < 1 ? `ρ = ${rate.toFixed(3)}, ${stepsToShrink(rate, 0.1)} steps per tenfold` : `ρ = ${rate.toFixed(3)} ≥ 1: diverges`);
  console.log(`plain descent: ${pace(rates.descent)}; momentum: ${pace(rates.momentum)}`);
  return momentumComparisonFigure({ lr, beta, steps: numSteps });
}, { lr: liveLr, beta: liveBeta });

// %% [markdown]
// ## 10 · Exercises
//
// Each exercise is a function to complete (in the student version its body is `throw new Error("not implemented");`),
// followed by a locked cell of tests worth the points shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (2 points): the notes' momentum step
//
// Write `myMomentumStep(w, m, grad, lr, beta)` for a single weight: return `[wNew, mNew]` following
// $m := \beta m - \eta \frac{\partial J}{\partial w}$, $w := w + m$ (in that order: the new $m$ moves $w$).

// %% {"nbgrader": {"grade_id": "momentum_step", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function myMomentumStep(w: number, m: number, grad: number, lr: number, beta: number): [number, number] {
  // BEGIN SOLUTION
  const mNew = beta * m - lr * grad;
  return [w + mNew, mNew];
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "momentum_step_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
{
  const [w1, m1] = myMomentumStep(0, 0, -6, 0.1, 0.9);      // section 1, step 1
  assert.ok(Math.abs(w1 - 0.6) < 1e-12 && Math.abs(m1 - 0.6) < 1e-12, `got [${w1}, ${m1}]`);
}
// BEGIN HIDDEN TESTS
{
  const [w2, m2] = myMomentumStep(0.6, 0.6, -4.8, 0.1, 0.9); // section 1, step 2
  assert.ok(Math.abs(w2 - 1.62) < 1e-12 && Math.abs(m2 - 1.02) < 1e-12, `got [${w2}, ${m2}]`);
  // β = 0 forgets the old velocity: ordinary gradient descent
  const [w3, m3] = myMomentumStep(2, 100, 0.5, 0.2, 0);
  assert.ok(Math.abs(w3 - 1.9) < 1e-12 && Math.abs(m3 + 0.1) < 1e-12, `got [${w3}, ${m3}]`);
  // many steps agree with the library (and so with tf.train.momentum)
  let w = 5, m = 0;
  let s = { w: [5], m: [0] };
  for (let t = 0; t < 25; t++) {
    [w, m] = myMomentumStep(w, m, 2 * (w - 3), 0.05, 0.8);
    s = momentumStep(s, [2 * (s.w[0]! - 3)], { lr: 0.05, beta: 0.8 });
  }
  assert.ok(Math.abs(w - s.w[0]!) < 1e-12 && Math.abs(m - s.m[0]!) < 1e-12);
}
// END HIDDEN TESTS
console.log("myMomentumStep: visible tests passed");

// %% [markdown]
// ### Exercise 2 (2 points): top speed
//
// Write `terminalVelocity(lr, beta, grad)`: the velocity $m_\infty$ that momentum settles at on a slope
// that stays equal to `grad` (section 4). Check the sign!

// %% {"nbgrader": {"grade_id": "terminal_velocity", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function terminalVelocity(lr: number, beta: number, grad: number): number {
  // BEGIN SOLUTION
  return (-lr * grad) / (1 - beta);
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "terminal_velocity_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.ok(Math.abs(terminalVelocity(0.1, 0.9, 1) - -1) < 1e-12);
// BEGIN HIDDEN TESTS
assert.ok(Math.abs(terminalVelocity(0.1, 0, 1) - -0.1) < 1e-12, "β = 0: plain descent's step");
assert.ok(Math.abs(terminalVelocity(0.01, 0.5, -3) - 0.06) < 1e-12, "a negative slope gives a positive velocity");
{
  let s = { w: [0], m: [0] };
  for (let t = 0; t < 2000; t++) s = momentumStep(s, [2.5], { lr: 0.03, beta: 0.95 });
  assert.ok(Math.abs(terminalVelocity(0.03, 0.95, 2.5) - s.m[0]!) < 1e-9, "must match a long run");
}
// END HIDDEN TESTS
console.log("terminalVelocity: visible tests passed");

// %% [markdown]
// ### Exercise 3 (2 points): will it converge?
//
// On $J(w) = \frac{\lambda}{2} w^2$ momentum converges exactly when $0 < \eta\lambda < 2(1 + \beta)$ (for
// $0 \le \beta < 1$; with $\beta = 0$ this is lesson 01's $0 < \eta\lambda < 2$). Write
// `momentumConverges(lr, lambda, beta)` returning `true` or `false`. The hidden tests run momentum
// and compare.

// %% {"nbgrader": {"grade_id": "momentum_converges", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function momentumConverges(lr: number, lambda: number, beta: number): boolean {
  // BEGIN SOLUTION
  const h = lr * lambda;
  return h > 0 && h < 2 * (1 + beta);
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "momentum_converges_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(momentumConverges(0.045, 50, 0), false);   // section 5: plain descent diverges
assert.equal(momentumConverges(0.045, 50, 0.9), true);  // momentum converges
// BEGIN HIDDEN TESTS
{
  const settles = (lr: number, lambda: number, beta: number) => {
    const path = runMomentum((w) => [lambda * w[0]!], [1], { lr, beta, steps: 3000, blowUp: 1e12 });
    return Math.abs(path.at(-1)![0]!) < 1e-3;
  };
  for (const [lr, lambda, beta] of [[0.1, 2, 0], [0.9, 2, 0], [1.05, 2, 0], [1.5, 2, 0.6], [1.7, 2, 0.6], [0.07, 50, 0.9], [0.08, 50, 0.9], [0.3, 10, 0.5]] as const) {
    assert.equal(momentumConverges(lr, lambda, beta), settles(lr, lambda, beta), `η = ${lr}, λ = ${lambda}, β = ${beta}`);
  }
}
// END HIDDEN TESTS
console.log("momentumConverges: visible tests passed");

// %% [markdown]
// ## Summary
//
// - An optimizer is a method of updating the weights. Ordinary gradient descent:
//   $w^{\text{new}} := w^{\text{old}} - \eta \frac{\partial J}{\partial w}$.
// - Momentum: $m := \beta m - \eta \frac{\partial}{\partial w} J(w)$, $w := w + m$. With $\beta = 0$ it *is*
//   ordinary descent; it matches `tf.train.momentum` step for step.
// - On a steady slope momentum moves $\eta/(1-\beta)$ per unit of slope — ten times plain descent for
//   $\beta = 0.9$ — and in a narrow valley it runs along the floor where plain descent crawls,
//   and stays stable up to $\eta\lambda < 2(1+\beta)$ where plain descent diverges beyond $2$.
// - $\beta$ has a sweet spot: too little and the floor is crawled, too much and the weights keep swinging. The rate
//   map puts it at $\beta^\star = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2$, where momentum needs about $\sqrt\kappa$ times fewer
//   steps than the best plain descent.
// - Nesterov's momentum takes the gradient at the look-ahead $w + \beta m$ and damps the overshoot.
// - With noisy gradients momentum behaves like a step of $\eta/(1-\beta)$: same floor at the same effective step.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`optimizers.ts`](../lib/optimization/optimizers.ts): `momentumStep`, `gradientDescentStep`, `runMomentum`, `effectiveLearningRate`
// - [`quadratic.ts`](../lib/optimization/quadratic.ts): `quadratic`, `ILL_CONDITIONED_LAMBDAS`
// - [`momentum-figures.ts`](../lib/optimization/momentum-figures.ts): `momentumComparisonFigure`, `momentumLossFigure`, `momentumSliderFigure`, `momentumRateMap`
// - [`momentum-rate.ts`](../lib/optimization/momentum-rate.ts): `optimalSettings`, `bowlRate`, `stepsToShrink`
// - [`seeded-random.ts`](../lib/data/seeded-random.ts): `seededRandom`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`
// - [`figures/table.ts`](../lib/figures/table.ts): `Table`
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`

// %% [markdown]
// ## Further reading
//
// - G. Goh, [Why momentum really works](https://distill.pub/2017/momentum/), Distill 2017.
// - d2l.ai, [Momentum](https://d2l.ai/chapter_optimization/momentum.html).
// - B. T. Polyak, [Some methods of speeding up the convergence of iteration methods](https://doi.org/10.1016/0041-5553(64)90137-5), USSR Computational Mathematics and Mathematical Physics, 1964 (the heavy ball).
// - Y. Nesterov, A method for solving the convex programming problem with convergence rate O(1/k²), Soviet Mathematics Doklady 27, 1983.
// - I. Sutskever, J. Martens, G. Dahl and G. Hinton, [On the importance of initialization and momentum in deep learning](https://proceedings.mlr.press/v28/sutskever13.html), ICML 2013 (the form of Nesterov's momentum used here).
