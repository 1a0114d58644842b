// The committed lessons' real figure outputs, in every place a reader opens them, in headless
// Chromium with no network: each figure shows its interactive plot or its picture, never a
// failure text. One esbuild bundle and one browser for the whole run.
// Screenshots go to $TSDL_FIGURE_SHOTS/viewers or /tmp/tsdl-figures/viewers. A stored figure
// carries its picture as image/png (the course build's) or as an <img> in text/html (a live
// kernel's figure with its picture); $TSDL_VIEWER_NOTEBOOKS checks another folder of executed
// lessons (a course build's --out).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { packageRoot } from "../../cli/course/paths.js";
import { PLOTLY_MIME, plotlyJsPath } from "../../lib/index.js";
import { bundleOf, gallery } from "./gallery.js";
import { bundleViewers } from "./viewers/bundle.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const SHOTS = join(process.env["TSDL_FIGURE_SHOTS"] ?? "/tmp/tsdl-figures", "viewers");
const FAILURE = /figure not drawn|plotly\.js not found|could not be loaded|interactive figure:/;

type Output = { output_type: string; data?: Record<string, unknown>; metadata?: unknown };
const NOTEBOOKS = process.env["TSDL_VIEWER_NOTEBOOKS"] ?? join(packageRoot(), "notebooks");
const lessons = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();
const figureOutputs = (file: string): Output[] =>
  (JSON.parse(readFileSync(join(NOTEBOOKS, file), "utf8")) as { cells: { outputs?: Output[] }[] }).cells
    .flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[PLOTLY_MIME] !== undefined);

/** Per figure element: shown (interactive plot or loaded picture), what it shows, and any failure text. */
async function figureStates(page: Page, selector: string): Promise<{ plot: boolean; picture: boolean; failure: string }[]> {
  return page.$$eval(selector, (els, failure) => els.map((el) => {
    const imgs = Array.from(el.querySelectorAll("img")).filter((i) => i.offsetParent !== null || i.getClientRects().length > 0);
    const text = el.textContent ?? "";
    return {
      plot: el.querySelector(".main-svg") !== null,
      picture: imgs.some((i) => i.complete && i.naturalWidth > 0),
      failure: new RegExp(failure).test(text) ? text.slice(0, 120) : "",
    };
  }), FAILURE.source);
}

/** An nbconvert export's outputs that show a figure (its html figure or a picture); other outputs are text. */
const EXPORTED_FIGURES = { lab: ".jp-OutputArea-output:has(.tsdl-figure, img)", classic: ".output_subarea:has(.tsdl-figure, img)" } as const;

/** The HTML a viewer that strips scripts shows for an output: its text/html, else its PNG as an <img> (GitHub, nbviewer). */
function shownHtml(o: Output): string {
  const h = o.data!["text/html"];
  if (h !== undefined) return Array.isArray(h) ? h.join("") : String(h);
  const png = o.data!["image/png"];
  return png === undefined ? "" : `<img class="stored-png" src="data:image/png;base64,${Array.isArray(png) ? png.join("") : String(png)}">`;
}

function assertAllShown(states: { plot: boolean; picture: boolean; failure: string }[], expected: number, where: string): void {
  assert.equal(states.length, expected, `${where}: figure count`);
  const bad = states.map((s, i) => ({ ...s, i })).filter((s) => !(s.plot || s.picture) || s.failure !== "");
  assert.deepEqual(bad, [], `${where}: figures neither drawn nor pictured, or with a failure text`);
}

describe("committed lessons' figures in every viewer (headless Chromium, offline)", function () {
  this.timeout(300_000);
  let browser: Browser;
  let bundle: string;
  const perLesson = lessons.map((f) => ({ file: f, outputs: figureOutputs(f) }));
  const all = perLesson.flatMap((l) => l.outputs);

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    assert.ok(all.length > 0, "the committed notebooks have figures");
    mkdirSync(SHOTS, { recursive: true });
    const t0 = Date.now();
    bundle = await bundleViewers();
    console.log(`      bundled the viewers in ${Date.now() - t0} ms`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-quic"] });
  });
  after(async () => browser?.close());

  /** A page at http://jupyter.test/lab as Lab 4 serves it: #jupyter-config-data, plotly.min.js only as a kernelspec resource. */
  async function jupyterPage(): Promise<{ context: BrowserContext; page: Page; served: string[]; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const served: string[] = [];
    await context.route(/.*/, (route) => {
      const url = route.request().url();
      served.push(url);
      if (url === "http://jupyter.test/lab") {
        return route.fulfill({ contentType: "text/html", body: `<!doctype html><html><head><meta charset="utf-8"><script id="jupyter-config-data" type="application/json">{"baseUrl": "/", "appName": "JupyterLab"}</script><script src="/viewers.js"></script></head><body><div id="out"></div></body></html>` });
      }
      if (url === "http://jupyter.test/viewers.js") return route.fulfill({ contentType: "text/javascript", path: bundle });
      if (url === "http://jupyter.test/kernelspecs/tsdl/plotly.min.js") return route.fulfill({ contentType: "text/javascript", path: plotlyJsPath() });
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("http://jupyter.test/lab");
    return { context, page, served, errors };
  }

  for (const template of ["lab", "classic"] as const) {
    it(`nbconvert ${template} template, exported into an empty folder: every figure shows its picture`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `tsdl-export-${template}-`));
      for (const f of lessons) copyFileSync(join(NOTEBOOKS, f), join(dir, f));
      execFileSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", `--template=${template}`, ...lessons], { cwd: dir, stdio: "pipe" });
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      await context.route(/^(https?|wss?):/, (route) => route.abort());
      const page = await context.newPage();
      for (const { file, outputs } of perLesson) {
        await page.goto(pathToFileURL(join(dir, file.replace(/\.ipynb$/, ".html"))).href, { waitUntil: "load" });
        await page.waitForTimeout(300);
        assertAllShown(await figureStates(page, EXPORTED_FIGURES[template]), outputs.length, `${template}: ${file}`);
        if (file === lessons[4]) {
          await page.locator(EXPORTED_FIGURES[template]).first().scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(SHOTS, `nbconvert-${template}-${basename(file, ".ipynb")}.png`) });
        }
      }
      await context.close();
    });
  }

  for (const trusted of [true, false]) {
    for (const plotlyExtension of [false, true]) {
      const name = `lab-${trusted ? "trusted" : "untrusted"}-${plotlyExtension ? "with" : "without"}-jupyterlab-plotly`;
      it(`JupyterLab 4.6 output areas, ${trusted ? "trusted" : "untrusted"}, ${plotlyExtension ? "with" : "without"} jupyterlab-plotly 5.24.1's renderer`, async () => {
        const { context, page, errors } = await jupyterPage();
        const widgets = await page.evaluate(([outputs, t, p]) => {
          const v = (window as unknown as { tsdlViewers: { lab: (h: HTMLElement, o: unknown, opts: unknown) => number } }).tsdlViewers;
          return v.lab(document.getElementById("out")!, outputs, { trusted: t, plotlyExtension: p });
        }, [all, trusted, plotlyExtension] as const);
        assert.equal(widgets, all.length);
        await page.waitForTimeout(1000);
        const states = await figureStates(page, ".jp-OutputArea-output");
        assertAllShown(states, all.length, name);
        if (plotlyExtension) {
          assert.ok(await page.$$eval(".jp-RenderedPlotly img.plot-img", (i) => i.length) === all.length, "jupyterlab-plotly shows each stored PNG");
        } else {
          assert.equal(states.filter((s) => s.picture).length, all.length, "each shows its picture: the html one or the stored PNG");
        }
        assert.deepEqual(errors, [], "no page errors");
        await page.locator(".jp-OutputArea-output").nth(20).scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, `${name}.png`) });
        await context.close();
      });
    }
  }

  it("JupyterLab 4.6, a live kernel's figures (trusted): the loader finds /kernelspecs/tsdl/plotly.min.js via #jupyter-config-data, once", async () => {
    const { context, page, served, errors } = await jupyterPage();
    const live = Object.values(gallery()).slice(0, 6).map((d) => ({ output_type: "display_data", metadata: {}, data: bundleOf(d) }));
    await page.evaluate((outputs) => {
      const v = (window as unknown as { tsdlViewers: { lab: (h: HTMLElement, o: unknown, opts: unknown) => number } }).tsdlViewers;
      v.lab(document.getElementById("out")!, outputs, { trusted: true, plotlyExtension: false });
    }, live);
    await page.waitForFunction((n) => document.querySelectorAll(".tsdl-figure .main-svg").length >= n, live.length, { timeout: 60_000 }).catch(() => undefined);
    const states = await figureStates(page, ".jp-OutputArea-output");
    assert.deepEqual(states.map((s) => s.plot), live.map(() => true), `every live figure draws; page errors: ${errors.join("; ")}`);
    assert.equal(served.filter((u) => u.endsWith("/kernelspecs/tsdl/plotly.min.js")).length, 1, "plotly.min.js requested once");
    await page.screenshot({ path: join(SHOTS, "lab-live-kernel.png") });
    await context.close();
  });

  it("VS Code's renderer (@nteract/transform-plotly 7, plotly.js-dist 2.35) draws every stored spec as plotly.js 4.x does", async () => {
    const { context, page, errors } = await jupyterPage();
    await page.addScriptTag({ path: plotlyJsPath() }); // 4.x as window.Plotly, to compare with
    const specs = all.map((o) => o.data![PLOTLY_MIME]);
    const result = await page.evaluate(async (figures) => {
      const w = window as unknown as { tsdlViewers: { vscode: (h: HTMLElement, f: unknown) => void }; Plotly: { newPlot: (...a: unknown[]) => Promise<HTMLElement>; version: string } };
      const out = document.getElementById("out")!;
      w.tsdlViewers.vscode(out, figures);
      const signature = (gd: Element) => ({
        traces: gd.querySelectorAll(".trace, .hm, .contourbg").length,
        ticks: Array.from(gd.querySelectorAll(".xtick text, .ytick text")).map((t) => t.textContent).join("|"),
        legend: Array.from(gd.querySelectorAll(".legendtext")).map((t) => t.textContent).join("|"),
        sliders: gd.querySelectorAll(".slider-container").length,
        title: gd.querySelector(".gtitle")?.textContent ?? "",
      });
      await new Promise((r) => setTimeout(r, 1500));
      const v2 = Array.from(out.querySelectorAll(".vscode-output")).map((d) => (d.querySelector(".js-plotly-plot") ? signature(d.querySelector(".js-plotly-plot")!) : null));
      const v4 = [];
      for (const f of figures as { data: unknown; layout: Record<string, unknown> }[]) {
        const div = document.createElement("div");
        document.body.appendChild(div);
        await w.Plotly.newPlot(div, JSON.parse(JSON.stringify(f.data)), JSON.parse(JSON.stringify(f.layout)));
        v4.push(signature(div));
        div.remove();
      }
      return { v2, v4, version: w.Plotly.version };
    }, specs);
    assert.match(result.version, /^4\./);
    const undrawn = result.v2.map((s, i) => (s === null ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(undrawn, [], "VS Code's renderer draws every figure");
    result.v2.forEach((s, i) => assert.deepEqual(s, result.v4[i], `figure ${i} (${JSON.stringify(result.v4[i]!.title)}): 2.35 and 4.x differ`));
    assert.deepEqual(errors, [], "no page errors");
    await page.evaluate(() => document.querySelectorAll(".vscode-output")[20]?.scrollIntoView());
    await page.screenshot({ path: join(SHOTS, "vscode-nteract-plotly-2.35.png") });
    await context.close();
  });

  it("a sanitizer that removes every script and event handler (GitHub's, nbviewer's view): every picture shows at its own size", async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    await context.route(/^(https?|wss?):/, (route) => route.abort());
    const page = await context.newPage();
    await page.setContent("<!doctype html><html><body><div id='out'></div></body></html>");
    const htmls = all.map(shownHtml);
    await page.evaluate((list) => {
      const out = document.getElementById("out")!;
      for (const html of list) {
        const doc = new DOMParser().parseFromString(html, "text/html");
        doc.querySelectorAll("script, iframe, object, embed, style").forEach((s) => s.remove());
        doc.querySelectorAll("*").forEach((el) => Array.from(el.attributes).forEach((a) => {
          if (/^on|^style$/i.test(a.name)) el.removeAttribute(a.name);
        }));
        const cell = document.createElement("div");
        cell.className = "sanitized";
        cell.append(...Array.from(doc.body.childNodes));
        out.appendChild(cell);
      }
    }, htmls);
    await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete), undefined, { timeout: 30_000 });
    assertAllShown(await figureStates(page, ".sanitized"), all.length, "sanitized");
    const sizes = await page.$$eval(".sanitized img.tsdl-figure-image", (imgs) => imgs.map((i) => {
      const img = i as HTMLImageElement;
      return [img.naturalWidth > 0 ? Math.round(Number(img.getAttribute("width")) / img.naturalWidth * 100) : 0];
    }));
    assert.ok(sizes.every(([r]) => r !== undefined && r >= 95 && r <= 205), `pictures drawn at 1–2× their declared size: ${JSON.stringify(sizes)}`);
    // a stored PNG is drawn at the figure's own width (plotly's default 800 when the layout has none)
    const pngWidths = await page.$$eval(".sanitized", (cells) => cells.map((c) => (c.querySelector("img.stored-png") as HTMLImageElement | null)?.naturalWidth ?? null));
    const layoutWidths = all.map((o) => ((o.data![PLOTLY_MIME] as { layout: { width?: number } }).layout.width ?? 800));
    pngWidths.forEach((w, i) => w === null || assert.equal(w, layoutWidths[i], `figure ${i}: the PNG's width`));
    await page.screenshot({ path: join(SHOTS, "sanitized-github.png") });
    await context.close();
  });
});
