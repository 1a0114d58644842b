import assert from "node:assert/strict";
import {
  activationsFigure, conv2d, convolutionStepsFigure, gradientDescent2dFigure, JUPYTER_DISPLAY, momentumComparisonFigure, momentumLossFigure,
  decodeTypedArray, momentumSliderFigure, NOTES_DIGIT, NOTES_KERNEL, PLOTLY_MIME, quadratic, roundAll, runMomentum, type TypedArraySpec,
} from "../../lib/index.js";

type Step = { label: string; method: string; args: [Record<string, unknown[]>, Record<string, unknown>, number[]] };
type Slider = { steps: Step[]; active: number };

describe("lesson figures", () => {
  it("activations and their derivatives: five curves, α in the names", () => {
    const f = activationsFigure({ leakyAlpha: 0.01, eluAlpha: 1 });
    const d = activationsFigure({ leakyAlpha: 0.01, eluAlpha: 1, derivatives: true });
    assert.equal(f.data.length, 5);
    assert.equal(d.data[0]!.name, "sigmoid′");
    assert.equal(Math.max(...(d.data[0]!.y as number[])), 0.25);
  });

  it("2-D gradient descent over contours: the path is the descent's iterates", () => {
    const fig = gradientDescent2dFigure({ f: (a, b) => a * a + 4 * b * b, grad: (a, b) => [2 * a, 8 * b], w0: [2, 1], lr: 0.1, steps: 5, xRange: [-3, 3], yRange: [-2, 2] });
    // w₁ shrinks by 1 − 0.1·2 = 0.8 per step, w₂ by 1 − 0.1·8 = 0.2
    const xs = fig.data[1]!.x as number[];
    const ys = fig.data[1]!.y as number[];
    assert.equal(xs.length, 6);
    xs.forEach((x, k) => assert.ok(Math.abs(x - 2 * 0.8 ** k) < 1e-12, `w₁ at step ${k}: ${x}`));
    ys.forEach((y, k) => assert.ok(Math.abs(y - 0.2 ** k) < 1e-12, `w₂ at step ${k}: ${y}`));
  });

  it("momentum comparison and loss curves come from runMomentum", () => {
    const q = quadratic([1, 50]);
    const cmp = momentumComparisonFigure({ lr: 0.01, beta: 0.9, steps: 10 });
    const mom = runMomentum(q.grad, [-4, 1], { lr: 0.01, beta: 0.9, steps: 10 });
    assert.deepEqual(cmp.data[2]!.x, mom.map((w) => w[0]));
    const loss = momentumLossFigure({ runs: [{ lr: 0.01, beta: 0 }, { lr: 0.01, beta: 0.9 }], steps: 100 });
    const last = (i: number) => (loss.data[i]!.y as number[])[100]!;
    assert.ok(last(1) < last(0) / 100, `momentum ${last(1)} vs plain ${last(0)}`);
    assert.match(loss.data[1]!.name!, /η\/\(1−β\) = 0.1/);
  });

  it("η and β sliders: every (β, η) precomputed; β steps carry their row of η steps", () => {
    const fig = momentumSliderFigure({ lrs: [0.01, 0.02], betas: [0, 0.9], steps: 20, activeLr: 1, activeBeta: 1 });
    const [eta, beta] = fig.layout["sliders"] as Slider[];
    assert.deepEqual(eta!.steps.map((s) => s.label), ["0.01", "0.02"]);
    assert.deepEqual(beta!.steps.map((s) => s.label), ["0", "0.9"]);
    const rowForBeta0 = beta!.steps[0]!.args[1]["sliders[0].steps"] as Step[];
    const q = quadratic([1, 50]);
    const expected = roundAll(runMomentum(q.grad, [-4, 1], { lr: 0.01, beta: 0, steps: 20 }).map((w) => w[0]!)); // 6 significant digits
    assert.deepEqual(rowForBeta0[0]!.args[0]["x"]![0], expected);
    assert.equal(beta!.steps[0]!.args[1]["sliders[0].active"], 1);
    assert.match(String(fig.data[1]!.name), /η = 0.02, β = 0.9/);
    assert.match(String(fig), /slider η: 0.01, 0.02\n {2}slider β: 0, 0.9/);
  });

  it("convolution steps: one slider step per output cell, window outlined where the trace says", () => {
    const fig = convolutionStepsFigure(NOTES_DIGIT, NOTES_KERNEL, { active: 11 });
    const slider = (fig.layout["sliders"] as Slider[])[0]!;
    assert.equal(slider.steps.length, 49);
    const step = slider.steps[11]!; // out (1, 4)
    assert.equal(step.label, "1,4");
    const shapes = step.args[1]["shapes"] as { x0: number; y0: number; x1: number; y1: number }[];
    assert.deepEqual([shapes[0]!.x0, shapes[0]!.y0, shapes[0]!.x1, shapes[0]!.y1], [3.5, 0.5, 6.5, 3.5]);
    const partial = step.args[0]["z"]![0] as (number | null)[][];
    assert.equal(partial[1]![4], 5);
    assert.equal(partial[1]![5], null);
    assert.deepEqual((fig.data[1]!.z as number[][]), partial);
    assert.throws(() => convolutionStepsFigure(NOTES_DIGIT, NOTES_KERNEL, { active: 49 }), /active is 49 but there are 49 steps/);
  });

  it("a feature map displays as a heatmap with its numbers", () => {
    const b = conv2d(NOTES_DIGIT, NOTES_KERNEL)[JUPYTER_DISPLAY]();
    const spec = b[PLOTLY_MIME] as { data: { z: TypedArraySpec; texttemplate: string }[] };
    assert.equal(spec.data[0]!.z.shape, "7,7", "stored as a plotly typed array");
    assert.deepEqual((decodeTypedArray(spec.data[0]!.z) as number[][])[1], [1, 2, 3, 3, 5, 2, 1]);
    assert.equal(spec.data[0]!.texttemplate, "%{text}");
  });
});
