// The course site's machinery on a small notebook with a known figure (no kernel needed):
// nbconvert pages that work offline, a slider that moves, MathJax from a local copy, and
// static PNGs that a script-less export (Markdown) uses.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { addFigureImages, chromiumPath } from "../../cli/course/figure-images.js";
import { serialise } from "../../cli/course/ipynb.js";
import type { Notebook } from "../../cli/course/ipynb.js";
import { lessonInfo } from "../../cli/course/lessons.js";
import { renderSite } from "../../cli/course/site.js";
import { addSlider, JUPYTER_DISPLAY, linePlot, PLOTLY_MIME } from "../../lib/index.js";
import { checkPage, launch } from "./browser.js";

function figureOutput(): Record<string, unknown> {
  const ws = [0, 1, 2, 3, 4, 5];
  const fig = linePlot({ x: ws, y: ws.map((w) => w * w), name: "J(w)" }, { title: "A slider over the learning rate" });
  addSlider(fig, { prefix: "η = ", variants: [0.1, 0.5, 0.9].map((lr) => ({ label: String(lr), traces: [{ y: ws.map((w) => lr * w * w) }] })) });
  return { output_type: "display_data", metadata: {}, data: fig[JUPYTER_DISPLAY]() };
}

function sampleNotebook(): Notebook {
  return {
    cells: [
      { cell_type: "markdown", id: "m1", metadata: {}, source: "# Site check\n\nA page with a formula $w^2$ and one figure, drawn by [`linePlot`](../lib/figures/lines.ts); next: [lesson 4](04-momentum.ipynb).\n\n$$J(w) = w^2$$" },
      { cell_type: "code", id: "c1", metadata: {}, source: "display(fig)", execution_count: 1, outputs: [figureOutput() as never] },
    ],
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" }, language_info: { name: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

describe("course site (a sample page, offline)", function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "tsdl-site-"));
  const site = join(dir, "site");
  const notebook = join(dir, "99-site-check.ipynb");
  let browser: Browser;

  before(async () => {
    const nb = sampleNotebook();
    writeFileSync(notebook, serialise(nb));
    await renderSite({ outDir: site, notebooks: [notebook], lessons: [lessonInfo("99-site-check", nb)], studentDir: "../student" });
    browser = await launch();
  });
  after(async () => browser?.close());

  it("writes the page, the index and local copies of plotly.js, require.js and MathJax", () => {
    for (const f of ["99-site-check.html", "index.html", "plotly.min.js", "require.min.js", "mathjax/MathJax.js"]) {
      assert.ok(existsSync(join(site, f)), `${f} missing from the site`);
    }
    const page = readFileSync(join(site, "99-site-check.html"), "utf8");
    assert.doesNotMatch(page, /<script[^>]+src="https?:/, "a script is loaded from the network");
    assert.match(readFileSync(join(site, "index.html"), "utf8"), /<a class="title" href="99-site-check.html">Site check<\/a>/);
  });

  it("turns links to library files and other lessons into site pages", () => {
    const page = readFileSync(join(site, "99-site-check.html"), "utf8");
    assert.match(page, /href="src\/lib\/figures\/lines\.ts\.html"/);
    assert.match(page, /href="04-momentum\.html"/);
    assert.match(readFileSync(join(site, "src/lib/figures/lines.ts.html"), "utf8"), /export function linePlot/);
  });

  it("draws the figure, moves its slider, typesets the formulas, and asks for nothing off disk", async () => {
    const shots = join(tmpdir(), "tsdl-course-shots");
    mkdirSync(shots, { recursive: true });
    const check = await checkPage(browser, pathToFileURL(join(site, "99-site-check.html")).href, {
      screenshot: join(shots, "99-site-check.png"),
      sliderShots: join(shots, "99-site-check"),
    });
    assert.deepEqual(check.undrawn, []);
    assert.equal(check.figures, 1);
    assert.equal(check.drawn, 1);
    assert.deepEqual(check.sliders.map((s) => s.changed), [true], `slider steps ${JSON.stringify(check.sliders)}`);
    assert.ok(check.mathjax >= 2, `MathJax typeset ${check.mathjax} formulas`);
    assert.deepEqual(check.offDisk, []);
    assert.deepEqual(check.consoleErrors, []);
  });

  it("stores the figure's spec once and its picture once, as the PNG that nbconvert's HTML and LaTeX (PDF) exports use", async function () {
    const chromium = chromiumPath();
    if (chromium === undefined) this.skip();
    const nb = sampleNotebook();
    assert.equal(await addFigureImages(nb, { chromium }), 1);
    const output = (nb.cells[1] as unknown as { outputs: { data: Record<string, unknown> }[] }).outputs[0]!;
    const png = Buffer.from(output.data["image/png"] as string, "base64");
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.equal(png.readUInt32BE(16), 800, "drawn at the figure's width");
    assert.equal(output.data["text/html"], undefined, "no second copy of the picture (nor of the spec) in HTML");
    assert.ok(output.data[PLOTLY_MIME] !== undefined, "the spec, once, for VS Code and jupyterlab-plotly");
    const withPng = join(dir, "with-png.ipynb");
    writeFileSync(withPng, serialise(nb));
    const latex = execFileSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "latex", "--stdout", withPng], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    assert.match(latex, /\\adjustimage\{[^\n]*\}\{[^}]*\.png\}/);

    // a reader's own offline export (no plotly.min.js anywhere): the picture at its own size, no failure text
    const reader = mkdtempSync(join(tmpdir(), "tsdl-reader-"));
    execFileSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", "--output-dir", reader, withPng], { stdio: "pipe" });
    const context = await browser.newContext();
    await context.route(/^(https?|wss?):/, (route) => route.abort());
    const p = await context.newPage();
    await p.goto(pathToFileURL(join(reader, "with-png.html")).href, { waitUntil: "load" });
    const shown = await p.$$eval(".jp-OutputArea-output img", (imgs) => imgs.map((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).src.slice(0, 22)]));
    assert.deepEqual(shown, [[800, "data:image/png;base64,"]]);
    assert.doesNotMatch(await p.textContent("body") ?? "", /not drawn|not found|could not be loaded/);
    await p.screenshot({ path: join(tmpdir(), "tsdl-course-shots", "reader-export.png") });
    await context.close();

    // the site: the same stored notebook drawn interactively again
    const siteDir = join(dir, "site-from-stored");
    await renderSite({ outDir: siteDir, notebooks: [withPng], lessons: [lessonInfo("with-png", nb)], studentDir: "../student" });
    const live = await checkPage(browser, pathToFileURL(join(siteDir, "with-png.html")).href);
    assert.deepEqual([live.drawn, live.undrawn], [1, []]);
    assert.deepEqual(live.sliders.map((s) => s.changed), [true]);
  });
});
