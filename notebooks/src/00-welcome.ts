// %% [markdown]
// # 00 · Welcome: a tour of the tsdl kernel
//
// This course teaches how neural networks learn — gradient descent, vanishing and exploding
// gradients, activations, momentum, convolution, a CNN for handwritten digits, data
// augmentation and transfer learning — in notebooks written in **TypeScript**. They run on
// `tsdl`, a Jupyter kernel for TypeScript, with TensorFlow.js doing the arithmetic.
//
// Before the first lesson, a short tour of the tools: how a cell shows its value, rich
// output, a display that updates in place, a plot with a slider, which TensorFlow.js backend
// is in use, how to ask the kernel for help while you type, and how the exercises are graded.
//
// Run each cell with **Shift+Enter**. Before you run it, **predict** what it will show;
// then run it and look.

// %% [markdown]
// ## 1 · A cell shows the value of its last expression
//
// As in a Python notebook, the value of the cell's last line is shown below it — no
// `console.log` needed. What will this show: `hello, tsdl`, `HELLO, TSDL`, or both?

// %%
const greeting = "hello, tsdl";
greeting.toUpperCase()

// %% [markdown]
// Objects and arrays are shown the way Node.js prints them, nested structure included.
// The names below are the ones every lesson uses: `lr` is the learning rate $\eta$, `beta`
// the momentum $\beta$, and `layers` the widths of the notes' MNIST network.

// %%
const settings = { lr: 0.1, beta: 0.9, numEpochs: 5, layers: [16, 512, 200, 10] };
settings

// %% [markdown]
// `console.log` writes to the cell's output as it runs, line by line. Everything a lesson
// prints goes to standard output; standard error stays empty (the course build checks it).

// %%
for (const lr of [0.01, 0.1, 1]) console.log(`lr = ${lr}: one step from w = 1 on J(w) = w² lands at ${1 - lr * 2 * 1}`);

// %% [markdown]
// ## 2 · TypeScript checks your code before it runs
//
// Each cell is type-checked, then run; names declared in one cell are visible in the next.
// A function with typed parameters:

// %%
function square(x: number): number {
  return x * x;
}
square(12)

// %% [markdown]
// Calling `square("12")` would not run at all: the kernel answers with an error naming the
// line and the type mismatch (`Argument of type 'string' is not assignable to parameter of
// type 'number'`). Try it in a scratch cell — then delete the cell again.
//
// Top-level `await` works, which is how the lessons wait for training to finish:

// %%
const later = await new Promise<string>((resolve) => setTimeout(() => resolve("waited 100 ms"), 100));
later

// %% [markdown]
// ## 3 · Rich output: a value can choose how it is shown
//
// Jupyter shows a value as a **MIME bundle**: the same thing in several formats
// (`text/plain`, `text/html`, `text/markdown`, `image/png`, …); the notebook picks the richest
// one it can display. Any object with a `[Symbol.for("Jupyter.display")]()` method returning
// such a bundle displays itself — the same convention Deno's kernel uses, so the library
// never needs to know which kernel runs it (see [`JUPYTER_DISPLAY`](../lib/notebook/jupyter.ts)).

// %%
const learningRate = {
  [Symbol.for("Jupyter.display")]() {
    return {
      "text/plain": "η = 0.1",
      "text/html": "<span style='font-size:1.3em'>learning rate <b style='color:#1a5fb4'>η = 0.1</b></span>",
    };
  },
};
learningRate

// %% [markdown]
// `display(value)` shows a value in the middle of a cell, not only at its end. The kernel's
// helpers `html(...)`, `markdown(...)`, `svg(...)` and `png(bytes)` build bundles for you; a
// Markdown one can carry LaTeX — here the update rule of the first lesson:

// %%
display(markdown("The rule every lesson uses: $w^{\\text{new}} = w^{\\text{old}} - \\eta \\frac{\\partial J}{\\partial w}$"));
display(html("<i>…and HTML, for anything else.</i>"));
console.log("display() returned; the cell goes on");

// %% [markdown]
// The library's own values display themselves the same way. A [`Table`](../lib/figures/table.ts)
// shows as an HTML table in the notebook and as aligned text anywhere else:

// %%
import { Table } from "tsdl";

new Table(["lr", "w after one step"], [0.01, 0.1, 1].map((lr) => [lr, 1 - lr * 2]), { caption: "One step on J(w) = w², from w = 1" })

// %% [markdown]
// ## 4 · A display that updates in place
//
// Give a display an id, then display again with `{ displayId, update: true }`: the output
// changes where it is instead of piling up new lines. Lessons use this for the live
// training plot and the progress bar. Predict what is left when the cell finishes.

// %%
const countdown = "welcome-countdown";
display("3 …", { displayId: countdown });
for (const n of ["2 …", "1 …", "lift-off"]) {
  await new Promise((resolve) => setTimeout(resolve, 150));
  display(n, { displayId: countdown, update: true });
}

// %% [markdown]
// ## 5 · Plots
//
// Figures are [plotly](https://plotly.com/javascript/) charts made by the library's
// builders — here [`linePlot`](../lib/figures/lines.ts). Hover to read values, drag to zoom,
// double-click to zoom out. The loss of the first lesson, $J(w) = (w - 3)^2$:

// %%
import { linePlot, addSlider } from "tsdl";

const ws = Array.from({ length: 61 }, (_, i) => i / 10);
linePlot({ x: ws, y: ws.map((w) => (w - 3) ** 2), name: "J(w)" }, { title: "J(w) = (w − 3)²", xLabel: "w", yLabel: "J(w)" })

// %% [markdown]
// A figure can carry a **slider** ([`addSlider`](../lib/figures/controls.ts)): every
// position is computed in advance, so it works in the notebook and in the exported HTML
// alike, with no kernel behind it. Move it: how does the curvature $a$ change the parabola
// $J(w) = a\,(w - 3)^2$? (Lesson 01 shows why curvature decides which learning rates work.)

// %%
const curvatures = [0.25, 0.5, 1, 2, 4];
const bowl = linePlot({ x: ws, y: ws.map((w) => (w - 3) ** 2), name: "J(w)" }, { title: "J(w) = a (w − 3)²", xLabel: "w", yLabel: "J(w)" });
bowl.updateLayout({ yaxis: { title: { text: "J(w)" }, range: [0, 20] } });
addSlider(bowl, {
  prefix: "a = ",
  variants: curvatures.map((a) => ({ label: String(a), traces: [{ y: ws.map((w) => a * (w - 3) ** 2) }] })),
  active: 2,
});
bowl

// %% [markdown]
// ## 6 · TensorFlow.js, and the backend doing the arithmetic
//
// Tensors come from TensorFlow.js (`import * as tf from "@tensorflow/tfjs"`). Its
// *backend* does the actual arithmetic. [`ensureBackend`](../lib/backend/index.ts) picks the
// fastest one that works on this machine — native TensorFlow where `@tensorflow/tfjs-node`
// loads, else WebAssembly with tsdl's native kernels (compiled C and OpenBLAS for the
// convolutions, matrix products and Adam, on every core) where they were built, else
// plain JavaScript — once, and says which:

// %%
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "tsdl";

const backend = await ensureBackend();
tf.getBackend() === backend

// %% [markdown]
// A first tensor computation: a $2 \times 2$ matrix times itself. `arraySync()` copies the
// result back into a plain array so it prints as numbers. Predict the four numbers first.

// %%
const A = tf.tensor2d([[1, 2], [3, 4]]); // [2, 2]
A.matMul(A).arraySync()

// %% [markdown]
// ## 7 · Asking the kernel while you type
//
// - **Tab** completes: type `tf.` and press Tab for everything TensorFlow.js exports, or
//   `settings.` for the fields of the object above.
// - **Shift+Tab** (in JupyterLab: **Shift+Tab** or the contextual help panel, Ctrl+I) with
//   the cursor on a name shows its type and documentation — try it on `linePlot` or
//   `ensureBackend`: the library's comments link back to the lesson that uses each function.
// - A cell that would never end (a training loop gone wrong) stops with **Kernel → Interrupt**;
//   the variables of earlier cells survive.

// %% [markdown]
// ## 8 · Exercises, and how they are graded
//
// Lessons end with exercises. Each one is a cell with a function for you to complete,
// followed by a locked cell of **tests** worth points. The student version you work in has
// the solution replaced by
//
// ```ts
// throw new Error("not implemented");
// ```
//
// so the tests fail until you write it. Some tests are visible; others are **hidden** and
// only run when your notebook is graded. Grading (`tsdl grade`, or nbgrader for a class)
// runs your whole notebook with every test put back and gives each exercise its points when
// its test cell runs without an error.
//
// A first one, worth one point: complete `gradientStep` so it returns the weight after one
// step of gradient descent, $w - \eta \, g$ for the gradient $g$.

// %% {"nbgrader": {"grade_id": "welcome_step", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function gradientStep(w: number, grad: number, lr: number): number {
  // BEGIN SOLUTION
  return w - lr * grad;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "welcome_step_tests", "solution": false, "grade": true, "locked": true, "points": 1, "schema_version": 3}}
import assert from "node:assert/strict";

assert.equal(gradientStep(1, 2, 0.1), 0.8);
assert.equal(gradientStep(5, 0, 0.1), 5, "a zero gradient leaves the weight where it is");
// BEGIN HIDDEN TESTS
assert.equal(gradientStep(-1, -4, 0.5), 1);
assert.equal(gradientStep(2, 1, 0), 2);
// END HIDDEN TESTS
console.log("gradientStep passes the visible tests");

// %% [markdown]
// ## 9 · Quick mode
//
// Some lessons train networks for minutes. With the environment variable `TSDL_QUICK=1`
// (set before the kernel starts) they train on less data for fewer epochs but run every
// cell; the automated checks of the course use it. A lesson reads it once:

// %%
const QUICK = process.env.TSDL_QUICK === "1";
QUICK ? "quick mode: short runs" : "full runs, as in class"

// %% [markdown]
// ## Next
//
// That is the whole toolbox: values, rich displays, live updates, plots with sliders,
// tensors, and exercises with tests. The first lesson puts it to work on the rule every
// network learns by: [01 · Gradient descent](01-gradient-descent.ipynb).

// %% [markdown]
// ## Further reading
//
// - A. Zhang, Z. C. Lipton, M. Li and A. J. Smola, [Dive into Deep Learning](https://d2l.ai/) — the textbook whose
//   chapters each lesson points to at its end.
// - [TensorFlow.js guide](https://www.tensorflow.org/js/guide) — tensors, `tf.grad`, layers and models, the library
//   doing the arithmetic here.
// - [Jupyter documentation](https://docs.jupyter.org/) — notebooks, kernels and the messaging protocol tsdl speaks.
