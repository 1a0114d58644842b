// Saved widget state on the course site, offline: a page whose notebook holds an IntSlider's
// state (as nbclient saves it after execution) draws the slider from the site's local copy of
// ipywidgets' html-manager, with no request off the disk.
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
import { WIDGET_RENDERER_URL } from "../../cli/course/site-widgets.js";
import { launch, offlineContext } from "./browser.js";

/** A model's full default state, from @jupyter-widgets/schema (ipywidgets 8), as a kernel saves it. */
function defaults(modelName: string): Record<string, unknown> {
  const models = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@jupyter-widgets/schema/jupyterwidgetmodels.latest.json"), "utf8")) as
    { model: { name: string }; attributes: { name: string; default: unknown }[] }[];
  const model = models.find((m) => m.model.name === modelName)!;
  return Object.fromEntries(model.attributes.map((a) => [a.name, a.default]));
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
});
