import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  addButtons, addSlider, barChart, contourWithPaths, createFigure, curveWithIterates, figureToPng, figureToPngBuffer, FigureRenderError,
  decodeTypedArray, encodeTypedArrays, heatmap, histogram, imageGrid, isTypedArraySpec, JUPYTER_DISPLAY, linePlot, PLOTLY_MIME, portabilityProblems, roundForPlot, roundSpec, scatterPlot,
  Table, gridText, withImages,
} from "../../lib/index.js";
import { gallery } from "./gallery.js";

describe("Figure: one bundle, three MIME types", () => {
  const fig = linePlot([{ y: [3, 1, 2], name: "train" }, { x: [0, 1, 2], y: [4, 2, 3], name: "val" }], { title: "Loss", xLabel: "epoch", yLabel: "loss" });

  it("carries plotly JSON, self-drawing HTML and a text summary", () => {
    const b = fig[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(b).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
    assert.deepEqual(b[PLOTLY_MIME], fig.toJSON());
    const html = b["text/html"] as string;
    assert.match(html, /<div id="tsdl-fig-[0-9a-f]{12}" class="tsdl-figure"/);
    assert.match(html, /kernelspecs\/" \+ encodeURIComponent\(kernelspec\)/);
    assert.ok(!/cdn|https?:\/\//i.test(html), "no CDN, no absolute URL");
    assert.ok(html.length < 20_000, `small: ${html.length} characters, plotly.js is not inlined`);
    assert.match(html, /<pre class="tsdl-figure-placeholder"[^>]*>Figure: Loss \(2 series\)\n {2}xaxis: epoch/, "says what it shows where scripts do not run");
    assert.doesNotMatch(html, /<img/, "no picture unless asked for");
    assert.match(html, /getElementById\("jupyter-config-data"\)/);
    assert.match(html, /getAttribute\("data-base-url"\)/);
    assert.equal(b["text/plain"], [
      "Figure: Loss (2 series)", "  xaxis: epoch", "  yaxis: loss",
      '  [0] "train" scatter (lines), 3 points, x ∈ [0, 2], y ∈ [1, 3]',
      '  [1] "val" scatter (lines), 3 points, x ∈ [0, 2], y ∈ [2, 4]',
    ].join("\n"));
  });

  it("every display gets its own div id", () => {
    const id = (h: unknown) => /id="(tsdl-fig-[0-9a-f]+)"/.exec(h as string)?.[1];
    assert.notEqual(id(fig[JUPYTER_DISPLAY]()["text/html"]), id(fig[JUPYTER_DISPLAY]()["text/html"]));
  });

  it("data cannot close the script element", () => {
    const evil = linePlot({ y: [1], name: "</script><script>alert(1)</script>" });
    const html = evil[JUPYTER_DISPLAY]()["text/html"] as string;
    assert.equal(html.split("</script>").length, 2, "only the loader's own </script>");
    assert.match(html, /\\u003c\/script\\u003e/);
  });

  it("points at the kernelspec named by TSDL_KERNELSPEC_NAME", () => {
    const before = process.env["TSDL_KERNELSPEC_NAME"];
    process.env["TSDL_KERNELSPEC_NAME"] = "tsdl-dev";
    try {
      assert.match(fig[JUPYTER_DISPLAY]()["text/html"] as string, /tsdlPlotly\("tsdl-dev", "plotly.min.js"\)/);
    } finally {
      if (before === undefined) delete process.env["TSDL_KERNELSPEC_NAME"];
      else process.env["TSDL_KERNELSPEC_NAME"] = before;
    }
  });

  it("live plots: extendTrace appends, and the next bundle shows it", () => {
    const live = createFigure([{ type: "scatter", x: [], y: [], name: "loss" }]);
    live.extendTrace(0, { x: [1, 2], y: [0.9, 0.5] }).extendTrace(0, { x: [3], y: [0.4] });
    assert.deepEqual((live[JUPYTER_DISPLAY]()[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0]!.y, [0.9, 0.5, 0.4]);
    assert.throws(() => live.extendTrace(3, { y: [1] }), /no trace 3; the figure has 1/);
    assert.throws(() => live.extendTrace(0, { x: [1], y: [1, 2] }), /1 x values but 2 y values/);
  });
});

describe("figure builders", () => {
  it("describe what they show: iterates, contours, heatmaps, grids, bars, histograms, sliders", () => {
    const curve = curveWithIterates((w) => w * w, [2, 1, 0.5]);
    assert.match(String(curve), /"iterates" scatter \(lines\+markers\), 3 points, x ∈ \[0.5, 2\], y ∈ \[0.25, 4\]/);
    const contour = contourWithPaths((x, y) => x * x + y * y, [{ points: [[1, 1], [0.5, 0.5], [NaN, 1]], name: "gd" }], { xRange: [-2, 2], yRange: [-2, 2], samples: 5 });
    assert.match(String(contour), /contour 5×5, z ∈ \[0, 8\]\n {2}\[1\] "gd" scatter \(lines\+markers\), 2 points/);
    assert.match(String(heatmap([[1, 2], [3, 4]], { showValues: true })), /heatmap 2×2, z ∈ \[1, 4\]/);
    assert.deepEqual((heatmap([[1, 2.5]], { showValues: true }).data[0] as { text: string[][] }).text, [["1", "2.5"]]);
    assert.equal(imageGrid([[[0]], [[1]], [[2]]], { columns: 2 }).data.length, 3);
    assert.match(String(barChart(["a", "b"], { values: [1, 2], name: "n" })), /"n" bar, 2 points, x categories a, b, y ∈ \[1, 2\]/);
    assert.match(String(histogram([1, 2, 3])), /histogram of 3 values, ∈ \[1, 3\]/);
    const slid = addSlider(linePlot({ y: [0, 0] }), { prefix: "η = ", variants: [{ label: "0.1", traces: [{ y: [1, 2] }] }, { label: "0.2", traces: [{ y: [2, 4] }] }], active: 1 });
    assert.match(String(slid), /slider η: 0.1, 0.2/);
    assert.deepEqual(slid.data[0]!.y, [2, 4], "opens in the active variant");
    const step = (slid.layout["sliders"] as { steps: { method: string; args: unknown[] }[] }[])[0]!.steps[0]!;
    assert.deepEqual(step, { label: "0.1", method: "update", args: [{ y: [[1, 2]] }, {}, [0]] });
    const buttons = addButtons(scatterPlot({ y: [1] }), { variants: [{ label: "a", traces: [{ y: [5] }] }] });
    assert.match(String(buttons), /menu: a/);
  });

  it("reject bad input with the value named", () => {
    assert.throws(() => linePlot([]), /linePlot: no series given/);
    assert.throws(() => linePlot({ y: [] }), /linePlot: series 0 \(unnamed\) y is empty/);
    assert.throws(() => linePlot({ y: [1, 2], x: [1], name: "a" }), /series 0 \(a\) has 1 x values but 2 y values/);
    assert.throws(() => scatterPlot({ y: [1, "2" as unknown as number] }), /y\[1\] is "2", not a number/);
    assert.throws(() => heatmap([]), /heatmap: matrix must be a non-empty array of rows/);
    assert.throws(() => heatmap([[1, 2], [3]]), /heatmap: matrix is ragged: row 1 has an array of length 1 but row 0 has 2 values/);
    assert.throws(() => heatmap([[1, NaN]]), /heatmap: matrix\[0\]\[1\] is NaN, not a finite number/);
    assert.throws(() => imageGrid([]), /imageGrid: no images given/);
    assert.throws(() => imageGrid([[[1]]], { titles: ["a", "b"] }), /2 titles for 1 images/);
    assert.throws(() => barChart(["a"], { values: [1, 2] }), /series 0 \(unnamed\) has 2 values for 1 labels/);
    assert.throws(() => barChart(["a", "b"], { values: [1, 2], errors: [0.1] }), /series 0 \(unnamed\) has 1 errors for 2 labels/);
    assert.deepEqual(barChart(["a", "b"], { values: [1, 2], errors: [0.1, 0.2] }).data[0]!["error_y"], { type: "data", array: [0.1, 0.2], visible: true });
    assert.throws(() => histogram({ w: [1, NaN] }), /histogram: sample w value \[1\] is NaN, not finite/);
    assert.throws(() => histogram([1], { bins: 0 }), /bins must be a positive integer, got 0/);
    assert.throws(() => contourWithPaths(() => 0, [], { xRange: [1, -1], yRange: [0, 1] }), /xRange must be \[min, max\] with min < max, got \[1,-1\]/);
    assert.throws(() => curveWithIterates((w) => w, []), /curveWithIterates: iterates is empty/);
    assert.throws(() => addSlider(linePlot({ y: [1] }), { prefix: "η", variants: [] }), /addSlider: no variants given/);
    assert.throws(() => addSlider(linePlot({ y: [1] }), { prefix: "η", variants: [{ label: "x", traces: [{}, {}] }] }), /trace 1 does not exist; the figure has 1/);
  });
});

describe("roundForPlot", () => {
  it("keeps 6 significant digits of computed plot data, leaves non-finite values alone", () => {
    assert.equal(roundForPlot(0.1 + 0.2), 0.3);
    assert.equal(roundForPlot(123456789), 123457000);
    assert.equal(roundForPlot(1.23456789e-30, 3), 1.23e-30);
    assert.ok(Number.isNaN(roundForPlot(NaN)));
    assert.equal(roundForPlot(-Infinity), -Infinity);
  });
});

describe("roundSpec and the typed-array encoding: what float32 holds", () => {
  it("rounds every array number to the shortest decimal of its float32, integers and single numbers untouched", () => {
    const spec = roundSpec({ data: [{ x: [0, 1, 2], y: [0.123456789, 2.000004, 1 / 3], z: [[1000.0000001, 1000.0000002]] }], layout: { width: 812.5 } });
    assert.deepEqual(spec.data[0]!.x, [0, 1, 2]);
    assert.deepEqual(spec.data[0]!.y, [0.12345679, 2.000004, 0.33333333]);
    assert.deepEqual(spec.data[0]!.z, [[1000.0000001, 1000.0000002]], "values float32 cannot tell apart are kept");
    assert.equal(spec.layout.width, 812.5, "single numbers are left alone");
    assert.deepEqual(roundSpec([1e-9, 1.23456789e-7, 0.1]), [1e-9, 1.2345679e-7, 0.1], "log-axis data keep their small values");
  });

  it("encodes long trace arrays as plotly typed arrays (f4, the smallest integer type, a matrix with its shape) that decode back", () => {
    const y = Array.from({ length: 10 }, (_, i) => i / 7);
    const z = [[1, 2, 3, 4], [5, 6, 7, 300]];
    const enc = encodeTypedArrays({ data: [{ x: [0, 1, 2], y, z }, { x: Array.from({ length: 9 }, (_, i) => i - 4), y: [...y.slice(0, 8), null] }],
      layout: { sliders: [{ steps: [{ args: [{ y: [y] }] }] }] } });
    const [a, b] = enc.data as Record<string, unknown>[];
    assert.deepEqual(a!["x"], [0, 1, 2], "short arrays stay JSON");
    assert.deepEqual(a!["y"], { dtype: "f4", bdata: Buffer.from(new Float32Array(y).buffer).toString("base64") });
    assert.deepEqual((a!["z"] as { dtype: string; shape: string }), { dtype: "u2", bdata: Buffer.from(new Uint16Array(z.flat()).buffer).toString("base64"), shape: "2,4" });
    assert.deepEqual(decodeTypedArray(a!["z"] as never), z);
    assert.equal((b!["x"] as { dtype: string }).dtype, "i1");
    assert.ok(Number.isNaN((decodeTypedArray(b!["y"] as never) as number[])[8]!), "a gap becomes NaN");
    const step = ((enc.layout["sliders"] as { steps: { args: [{ y: unknown[] }] }[] }[])[0]!.steps[0]!.args[0].y[0]);
    assert.deepEqual(decodeTypedArray(step as never), y.map(Math.fround), "a slider step's per-trace arrays too");
    assert.ok(isTypedArraySpec(step));
    assert.throws(() => decodeTypedArray({ dtype: "q8" as never, bdata: "" }), /unknown dtype "q8"/);
  });
});

describe("specs that plotly.js 2.35 and 4.x draw the same", () => {
  it("every figure the lessons use keeps to the common subset", () => {
    for (const [name, fig] of Object.entries(gallery())) {
      const spec = fig[JUPYTER_DISPLAY]()[PLOTLY_MIME];
      if (spec === undefined) continue;
      assert.deepEqual(portabilityProblems(spec as never), [], `${name} leaves the subset`);
    }
  });
  it("names what leaves it: string titles, removed attributes, 4.x colors, new traces, overlaying axes", () => {
    const problems = portabilityProblems({
      data: [{ type: "quiver", x: [1] }, { type: "scatter", y: [1], line: { color: "hsv(0, 100%, 100%)" }, ysrc: "a" }],
      layout: { title: "Loss", xaxis: { titlefont: { size: 3 } }, yaxis2: { overlaying: "y" }, newThing: 1,
        sliders: [{ steps: [{ label: "a", method: "restyle", args: [{ y: [[1]], fancy: 2 }] }] }] },
    });
    const expected = [/data\[0\]: trace type "quiver"/, /data\[1\]\.line\.color: color "hsv/, /data\[1\]\.ysrc: removed/, /layout\.title: a string title; write \{ text: "Loss" \}/,
      /layout\.xaxis\.titlefont: removed/, /layout\.yaxis2: an overlaying axis needs an explicit tickmode/, /layout\.newThing: not in the attributes/,
      /layout\.sliders\[0\]\.steps\[0\]\.args\[0\]\.fancy: not in the attributes/];
    for (const re of expected) assert.ok(problems.some((p) => re.test(p)), `${re} not among:\n${problems.join("\n")}`);
    assert.equal(problems.length, expected.length, problems.join("\n"));
  });
});

describe("Table and gridText", () => {
  it("align numbers as text and escape HTML", () => {
    assert.equal(gridText([[1, 10], [100, 2]]), "  1  10\n100   2");
    const t = new Table(["layer", "norm"], [["<b>1</b>", 0.000012], ["2", 1.5]], { caption: "norms" });
    assert.equal(t.toString(), "norms\n   layer      norm\n--------  --------\n<b>1</b>  1.200e-5\n       2       1.5");
    assert.match(t[JUPYTER_DISPLAY]()["text/html"] as string, /&lt;b&gt;1&lt;\/b&gt;/);
    assert.throws(() => new Table(["a"], [[1, 2]]), /row 0 has 2 cells for 1 columns \(a\)/);
  });
});

describe("figureToPng (headless Chromium)", function () {
  this.timeout(60_000);
  it("writes a PNG of the requested size", async function () {
    if (!existsSync("/usr/bin/chromium") && !process.env["CHROMIUM_PATH"]) this.skip();
    const path = join(mkdtempSync(join(tmpdir(), "tsdl-png-test-")), "fig.png");
    await figureToPng(heatmap([[1, 2], [3, 4]], { showValues: true }), path, { width: 320, height: 240 });
    const png = readFileSync(path);
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [320, 240]);
  });
  it("withImage: the picture in text/html and image/png, drawn by the same Chromium; dropped once the figure changes", async function () {
    if (!existsSync("/usr/bin/chromium") && !process.env["CHROMIUM_PATH"]) this.skip();
    const fig = linePlot({ y: [1, 3, 2], name: "loss" }, { title: "Loss" });
    const t0 = performance.now();
    assert.equal(await fig.withImage(), fig);
    const one = performance.now() - t0;
    const b = fig[JUPYTER_DISPLAY]();
    const html = b["text/html"] as string;
    assert.match(html, /<img class="tsdl-figure-image" src="data:image\/(png;base64|svg\+xml|webp;base64),[^"]+" width="800" height="420" alt="Figure: Loss/);
    assert.doesNotMatch(html, /<pre class="tsdl-figure-placeholder"/, "the picture stands in for the text summary");
    assert.equal(Buffer.from(b["image/png"] as string, "base64").subarray(1, 4).toString(), "PNG");
    fig.extendTrace(0, { y: [0.5] });
    assert.equal(fig[JUPYTER_DISPLAY]()["image/png"], undefined, "a changed figure drops its stale picture");
    const many = [1, 2, 3, 4].map((k) => linePlot({ y: [k, 2 * k, k] }));
    const t1 = performance.now();
    await withImages(many);
    const four = performance.now() - t1;
    assert.ok(many.every((f) => f[JUPYTER_DISPLAY]()["image/png"] !== undefined));
    console.log(`      withImage: ${one.toFixed(0)} ms for one figure; withImages: ${four.toFixed(0)} ms for four (one Chromium start)`);
  });
  it("fails clearly when Chromium is absent", async () => {
    await assert.rejects(figureToPngBuffer(linePlot({ y: [1] }), { chromium: "/nonexistent/chromium" }),
      (e: Error) => e instanceof FigureRenderError && /Chromium not found at \/nonexistent\/chromium/.test(e.message) && /help:/.test(e.message));
    await assert.rejects(figureToPngBuffer(linePlot({ y: [1] }), { width: 0 }), /width must be a positive number, got 0/);
  });
});
