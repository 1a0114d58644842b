import {
  activationsFigure, barChart, conv2d, curveWithIterates, Figure, gradientDescentFigure, gradientNormsFigure, heatmap, histogram,
  imageGrid, imageHeatmap, JUPYTER_DISPLAY, linePlot, maxPool2d, momentumComparisonFigure, momentumSliderFigure, NOTES_DIGIT,
  NOTES_KERNEL, scatterPlot, convolutionStepsFigure, type Displayable,
} from "../../lib/index.js";

/** One figure of every kind the lessons use, by name (deterministic data). */
export function gallery(): Record<string, Displayable> {
  const wave = (k: number) => Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => Math.max(0, Math.sin((r + k * c) / 5))));
  let s = 1;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const normal = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  return {
    lines: linePlot([{ y: [2.3, 1.1, 0.7, 0.5, 0.42], name: "train loss" }, { y: [2.2, 1.3, 0.9, 0.8, 0.78], name: "val loss", dash: "dash" }], { title: "Loss per epoch", xLabel: "epoch", yLabel: "loss" }),
    scatter: scatterPlot([{ x: [1, 2, 3, 4], y: [1, 4, 9, 16], name: "a" }, { x: [1, 2, 3, 4], y: [2, 3, 5, 7], name: "b" }], { title: "Scatter", xLabel: "x", yLabel: "y" }),
    curve: curveWithIterates((w) => (w - 3) ** 2 + 1, [-2, -1, -0.2, 0.56, 1.15, 1.6], { title: "J(w) with its iterates" }),
    "gd-slider": gradientDescentFigure({ f: (w) => w * w, grad: (w) => 2 * w, w0: 2, lrs: [0.02, 0.1, 0.4, 0.9, 1.02], steps: 12, active: 2 }),
    "momentum-compare": momentumComparisonFigure({ lr: 0.018, beta: 0.9, steps: 80 }),
    "momentum-sliders": momentumSliderFigure({ lrs: [0.005, 0.01, 0.02, 0.035, 0.041], betas: [0, 0.5, 0.9], steps: 80, activeLr: 2, activeBeta: 2 }),
    "feature-map": conv2d(NOTES_DIGIT, NOTES_KERNEL),
    kernel: heatmap(NOTES_KERNEL as number[][], { showValues: true, title: "Kernel", showScale: false }),
    "conv-steps": convolutionStepsFigure(NOTES_DIGIT, NOTES_KERNEL, { active: 11 }),
    digit: imageHeatmap(NOTES_DIGIT as number[][], { title: "The notes' digit" }),
    pooled: maxPool2d(conv2d(NOTES_DIGIT, NOTES_KERNEL).output, { size: 2, stride: 2 }),
    "image-grid": imageGrid([wave(0), wave(1), wave(2), wave(0.5), wave(3)], { columns: 5, titles: ["a", "b", "c", "d", "e"], title: "Images" }),
    bars: barChart(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], { values: [0.01, 0.02, 0.01, 0.05, 0.01, 0.02, 0.01, 0.85, 0.01, 0.01], name: "p" }, { title: "Predicted probabilities", yLabel: "p" }),
    histogram: histogram({ "before": Array.from({ length: 400 }, normal), "after": Array.from({ length: 400 }, () => 0.5 * normal() + 1) }, { title: "Weights", bins: 30 }),
    activations: activationsFigure({ leakyAlpha: 0.1, eluAlpha: 1 }),
    "gradient-norms": gradientNormsFigure([{ name: "sigmoid", norms: [1e-9, 1e-7, 1e-5, 1e-3, 0.1] }, { name: "ReLU (He)", norms: [0.3, 0.25, 0.3, 0.2, 0.25] }]),
  };
}

/** The bundle a displayable produces. */
export function bundleOf(d: Displayable): Record<string, unknown> {
  return d[JUPYTER_DISPLAY]();
}

export { Figure };
