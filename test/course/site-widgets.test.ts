// Saved widget state on the course site, offline: a page whose notebook holds an IntSlider's
// state (as nbclient saves it after execution) draws the slider from the site's local copy of
// ipywidgets' html-manager, with no request off the disk. And end to end: a notebook of tsdl
// widgets executed by the course's executor (nbclient on the tsdl kernel) keeps its widgets'
// last view in its metadata, and its page shows the slider and the Output's last figure.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { serialise } from "../../cli/course/ipynb.js";
import type { Notebook } from "../../cli/course/ipynb.js";
import { lessonInfo } from "../../cli/course/lessons.js";
import { renderSite } from "../../cli/course/site.js";
import { executeNotebook } from "../../cli/course/jupyter.js";
import { registerKernel } from "../../cli/course/register.js";
import { WIDGET_RENDERER_URL } from "../../cli/course/site-widgets.js";
import { launch, offlineContext } from "./browser.js";

/** A model's full default state, from @jupyter-widgets/schema (ipywidgets 8), as a kernel saves it. */
function defaults(modelName: string): Record<string, unknown> {
  const models = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@jupyter-widgets/schema/jupyterwidgetmodels.latest.json"), "utf8")) as
    { model: { name: string }; attributes: { name: string; default: unknown }[] }[];
  const model = models.find((m) => m.model.name === modelName)!;
  return Object.fromEntries(model.attributes.map((a) => [a.name, a.default]));
}

const STATE_MIME = "application/vnd.jupyter.widget-state+json";
type SavedState = Record<string, { model_name: string; state: Record<string, unknown> }>;

/** A lesson-like notebook: interact over a FloatSlider that redraws a figure, then the slider moved from code. */
function liveNotebook(): Notebook {
  const cells = [
    'import { FloatSlider, interact, curveWithIterates, gradientDescent1d } from "tsdl";\n' +
      'const eta = new FloatSlider({ value: 0.1, min: 0.01, max: 1, step: 0.01, description: "η", readoutFormat: ".2f" });\n' +
      "const ui = interact(({ eta }) => {\n" +
      "  console.log(`η is ${eta}`);\n" +
      '  return curveWithIterates((w) => (w - 3) ** 2, gradientDescent1d((w) => 2 * (w - 3), { w0: 0, lr: eta, steps: 10 }), { xRange: [-2, 8], title: `descent with η = ${eta}` });\n' +
      "}, { eta });\n" +
      "ui",
    "eta.value = 0.45;\nawait ui.update();\nui.runs",
  ];
  return {
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, execution_count: null, outputs: [] })) as never,
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" }, language_info: { name: "typescript" } } as never,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function widgetNotebook(): Notebook {
  const state = {
    layout1: { model_name: "LayoutModel", model_module: "@jupyter-widgets/base", model_module_version: "2.0.0", state: defaults("LayoutModel") },
    style1: { model_name: "SliderStyleModel", model_module: "@jupyter-widgets/controls", model_module_version: "2.0.0", state: defaults("SliderStyleModel") },
    slider1: { model_name: "IntSliderModel", model_module: "@jupyter-widgets/controls", model_module_version: "2.0.0",
      state: { ...defaults("IntSliderModel"), value: 7, min: 0, max: 10, description: "k", layout: "IPY_MODEL_layout1", style: "IPY_MODEL_style1" } },
  };
  return {
    cells: [
      { cell_type: "markdown", id: "m1", metadata: {}, source: "# Widget check" },
      { cell_type: "code", id: "c1", metadata: {}, source: "k", execution_count: 1,
        outputs: [{ output_type: "execute_result", execution_count: 1, metadata: {}, data: { "text/plain": "IntSlider(value=7)", "application/vnd.jupyter.widget-view+json": { version_major: 2, version_minor: 0, model_id: "slider1" } } } as never] },
    ],
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" }, language_info: { name: "typescript" },
      widgets: { "application/vnd.jupyter.widget-state+json": { version_major: 2, version_minor: 0, state } } } as never,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

describe("course site: saved widget state drawn offline", function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "tsdl-site-widgets-"));
  const site = join(dir, "site");
  let browser: Browser | undefined;
  after(async () => browser?.close());

  it("serves html-manager locally and draws the saved IntSlider at its last value", async () => {
    const notebook = join(dir, "98-widget-check.ipynb");
    const nb = widgetNotebook();
    writeFileSync(notebook, serialise(nb));
    const warnings = await renderSite({ outDir: site, notebooks: [notebook], lessons: [lessonInfo("98-widget-check", nb)], studentDir: "../student" });
    assert.deepEqual(warnings.filter((w) => /html-manager/.test(w)), []);
    assert.ok(existsSync(join(site, WIDGET_RENDERER_URL)), `${WIDGET_RENDERER_URL} missing from the site`);
    const html = readFileSync(join(site, "98-widget-check.html"), "utf8");
    assert.match(html, new RegExp(`widgetRendererSrc = '${WIDGET_RENDERER_URL}'`));
    assert.doesNotMatch(html, /cdn\.jsdelivr|unpkg/);

    browser = await launch();
    const { context, offDisk } = await offlineContext(browser, { width: 900, height: 400 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${e.message} ${e.stack ?? ""}`.slice(0, 600)));
    await page.goto(pathToFileURL(join(site, "98-widget-check.html")).href);
    await page.locator(".widget-slider .widget-readout").waitFor({ timeout: 60_000 });
    assert.equal((await page.locator(".widget-slider .widget-readout").innerText()).trim(), "7");
    assert.equal(await page.locator(".widget-slider .widget-label").first().innerText(), "k");
    await page.screenshot({ path: join(process.env["TSDL_SCREENSHOTS"] ?? tmpdir(), "tsdl-site-widgets.png") });
    assert.deepEqual(offDisk, []);
    assert.deepEqual(errors, []);
  });

  it("keeps the last view of a notebook the course executed, and its page shows the slider and the Output's figure", async () => {
    const env = await registerKernel(join(dir, "jupyter"), { ...process.env });
    const run = await executeNotebook(liveNotebook(), { cwd: dir, timeout: 120, env });
    assert.equal(run.error, null, `${JSON.stringify(run.error)}\n${run.stderr.slice(-2000)}`);
    const saved = (run.notebook.metadata as { widgets?: Record<string, { state: SavedState }> }).widgets?.[STATE_MIME]?.state;
    assert.ok(saved, `no ${STATE_MIME} in the executed notebook's metadata: ${JSON.stringify(run.notebook.metadata)}`);
    const models = Object.values(saved);
    const slider = models.find((m) => m.model_name === "FloatSliderModel");
    assert.equal(slider?.state["value"], 0.45);
    const output = models.find((m) => m.model_name === "OutputModel");
    const outputs = output?.state["outputs"] as { output_type: string; text?: string; data?: Record<string, unknown> }[];
    assert.deepEqual(outputs.map((o) => o.output_type), ["stream", "display_data"]);
    assert.equal(outputs[0]!.text, "η is 0.45\n");
    assert.ok(outputs[1]!.data?.["text/html"], "the Output's figure has no text/html");

    const notebook = join(dir, "97-live-widgets.ipynb");
    writeFileSync(notebook, serialise(run.notebook));
    await renderSite({ outDir: site, notebooks: [notebook], lessons: [lessonInfo("97-live-widgets", run.notebook)], studentDir: "../student" });
    browser ??= await launch();
    const { context, offDisk } = await offlineContext(browser, { width: 1000, height: 800 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${e.message} ${e.stack ?? ""}`.slice(0, 600)));
    await page.goto(pathToFileURL(join(site, "97-live-widgets.html")).href);
    const readout = page.locator(".widget-slider .widget-readout");
    await readout.waitFor({ timeout: 60_000 });
    assert.equal((await readout.innerText()).trim(), "0.45");
    const shown = page.locator(".widget-output");
    await shown.locator(".main-svg").first().waitFor({ timeout: 60_000 });
    assert.match(await shown.innerText(), /η is 0\.45/);
    assert.match((await shown.locator(".js-plotly-plot").first().textContent()) ?? "", /descent with η = 0\.45/); // the plot's title
    const shot = join(process.env["TSDL_SCREENSHOTS"] ?? tmpdir(), "tsdl-site-live-widgets.png");
    await page.screenshot({ path: shot, fullPage: true });
    await context.close();
    assert.deepEqual(offDisk, []);
    assert.deepEqual(errors, []);
  });
});
