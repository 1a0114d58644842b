import { checkFinite, checkInteger, checkVector, show } from "../notebook/check-numbers.js";

/**
 * Optimizers as the notes write them. Momentum:
 *
 *   m := β·m − η·∂J/∂w
 *   w := w + m
 *
 * With β = 0 this is ordinary gradient descent, w := w − η·∂J/∂w: one step function
 * serves both.
 *
 * TensorFlow.js's `tf.train.momentum(η, β)` keeps an accumulator a := β·a + g and steps
 * w := w − η·a. With a constant η the two are the same iteration: by induction
 * m_t = −η·a_t (m_0 = a_0 = 0; m_t = β·m_{t−1} − η·g = −η(β·a_{t−1} + g) = −η·a_t), so
 * w_t agrees step for step; the tests check this against TensorFlow.js.
 * @see notebooks/04-momentum.ipynb
 */

/** Learning rate η and momentum β. β = 0 is plain gradient descent. */
export interface MomentumOptions {
  lr: number;
  beta?: number;
}

/** Weights and the velocity m after a step. */
export interface MomentumState {
  w: number[];
  m: number[];
}

function checkOptions(fn: string, options: MomentumOptions): { lr: number; beta: number } {
  const { lr, beta = 0 } = options ?? ({} as MomentumOptions);
  checkFinite(fn, "lr (η)", lr);
  if (lr <= 0) throw new RangeError(`${fn}: lr (η) must be > 0, got ${lr}`);
  checkFinite(fn, "beta (β)", beta);
  if (beta < 0 || beta >= 1) throw new RangeError(`${fn}: beta (β) must be in [0, 1), got ${beta}`);
  return { lr, beta };
}

/** One momentum step: m := βm − η∇J(w), w := w + m. Returns new arrays. */
export function momentumStep(state: MomentumState, grad: ArrayLike<number>, options: MomentumOptions): MomentumState {
  const { lr, beta } = checkOptions("momentumStep", options);
  const g = Array.from(grad);
  if (g.length !== state.w.length || state.m.length !== state.w.length) {
    throw new RangeError(`momentumStep: w has ${state.w.length} values, m ${state.m.length}, the gradient ${g.length}; they must match`);
  }
  const m = state.m.map((mi, i) => beta * mi - lr * (g[i] as number));
  return { w: state.w.map((wi, i) => wi + (m[i] as number)), m };
}

/** One plain gradient-descent step, w := w − η∇J(w): momentum with β = 0. */
export function gradientDescentStep(w: ArrayLike<number>, grad: ArrayLike<number>, lr: number): number[] {
  const ws = Array.from(w);
  return momentumStep({ w: ws, m: ws.map(() => 0) }, grad, { lr, beta: 0 }).w;
}

/** Options for {@link runMomentum}. */
export interface RunOptions extends MomentumOptions {
  /** Number of steps (the trajectory has steps + 1 points). */
  steps: number;
  /** Stop early once |w| exceeds this (divergence; default 1e6). */
  blowUp?: number;
  /**
   * Nesterov's momentum: take the gradient at the look-ahead point w + βm, where the
   * velocity is about to carry the weights: m := βm − η∇J(w + βm), w := w + m.
   * `tf.train.momentum(η, β, true)` runs the same iteration on the variable w + βm.
   */
  nesterov?: boolean;
}

/**
 * Runs momentum from `w0` using the gradient function `grad(w)`; returns every iterate
 * w₀, w₁, ..., stopping early if the weights blow up.
 */
export function runMomentum(grad: (w: number[]) => ArrayLike<number>, w0: ArrayLike<number>, options: RunOptions): number[][] {
  const { lr, beta } = checkOptions("runMomentum", options);
  checkInteger("runMomentum", "steps", options.steps, 0);
  const blowUp = options.blowUp ?? 1e6;
  let state: MomentumState = { w: checkVector("runMomentum", "w0", w0), m: [] };
  state.m = state.w.map(() => 0);
  const path = [state.w];
  for (let t = 0; t < options.steps; t++) {
    const at = options.nesterov ? state.w.map((wi, i) => wi + beta * (state.m[i] as number)) : state.w;
    const g = Array.from(grad(at));
    const bad = g.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new RangeError(`runMomentum: the gradient at step ${t}, w = ${show(state.w)}, has ${g[bad]} at [${bad}]`);
    state = momentumStep(state, g, { lr, beta });
    path.push(state.w);
    if (state.w.some((x) => !(Math.abs(x) <= blowUp))) break;
  }
  return path;
}

/** Plain gradient descent from `w0`: {@link runMomentum} with β = 0. */
export function runGradientDescent(grad: (w: number[]) => ArrayLike<number>, w0: ArrayLike<number>, options: { lr: number; steps: number; blowUp?: number }): number[][] {
  return runMomentum(grad, w0, { ...options, beta: 0 });
}

/**
 * The effective step size of momentum in a region of constant gradient: the velocity
 * settles where m = βm − ηg, i.e. m = −η/(1−β)·g. β = 0.9 moves 10× as far per step.
 */
export function effectiveLearningRate(lr: number, beta: number): number {
  checkOptions("effectiveLearningRate", { lr, beta });
  return lr / (1 - beta);
}
