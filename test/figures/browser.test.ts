import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { createFigure, decodeTypedArray, isTypedArraySpec, PLOTLY_MIME, plotlyJsPath, withImages } from "../../lib/index.js";

const decodeAll = (v: unknown): unknown => (isTypedArraySpec(v) ? decodeTypedArray(v) : Array.isArray(v) ? v.map(decodeAll)
  : typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, decodeAll(e)])) : v);
import { bundleOf, gallery } from "./gallery.js";

/**
 * Every figure type, as notebook outputs, converted by nbconvert to HTML and opened in
 * headless Chromium with no network: each figure must draw (plotly's `.main-svg`).
 * Screenshots go to $TSDL_FIGURE_SHOTS or /tmp/tsdl-figures.
 */
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const PYTHON = "/usr/bin/python3";
const REQUIRE_JS = "/usr/share/javascript/requirejs/require.min.js";
const SHOTS = process.env["TSDL_FIGURE_SHOTS"] ?? "/tmp/tsdl-figures";

function notebook(figures: Record<string, unknown>): string {
  const cells = Object.entries(figures).map(([name, fig], i) => ({
    cell_type: "code", execution_count: i + 1, id: `c${i}`, metadata: {}, source: [`display(${JSON.stringify(name)})`],
    outputs: [{ output_type: "display_data", metadata: {}, data: bundleOf(fig as never) }],
  }));
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, cells,
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" }, language_info: { name: "typescript" } },
  });
}

function convert(dir: string, template: "lab" | "classic", requireUrl: string): string {
  execFileSync(PYTHON, ["-m", "nbconvert", "--to", "html", `--template=${template}`, `--HTMLExporter.require_js_url=${requireUrl}`,
    "--output", `figures-${template}`, join(dir, "figures.ipynb")], { cwd: dir, stdio: "pipe" });
  return join(dir, `figures-${template}.html`);
}

async function openOffline(browser: Browser, file: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  await context.route(/^(https?|wss?):/, (route) => route.abort()); // no network at all
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, errors };
}

describe("figures in nbconvert HTML, headless Chromium, offline", function () {
  this.timeout(120_000);
  const figures = gallery();
  const names = Object.keys(figures);
  let browser: Browser;
  let dir: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    dir = mkdtempSync(join(tmpdir(), "tsdl-nbconvert-"));
    writeFileSync(join(dir, "figures.ipynb"), notebook(figures));
    copyFileSync(plotlyJsPath(), join(dir, "plotly.min.js")); // what the course site build does
    if (existsSync(REQUIRE_JS)) copyFileSync(REQUIRE_JS, join(dir, "require.min.js"));
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-quic"] });
  });
  after(async () => browser?.close());

  const cases = [
    { template: "lab" as const, requireJs: true },
    { template: "classic" as const, requireJs: true },
    { template: "lab" as const, requireJs: false },
  ];
  for (const { template, requireJs } of cases) {
    it(`${template} template, require.js ${requireJs ? "loaded" : "absent"}: every figure draws`, async function () {
      if (requireJs && !existsSync(REQUIRE_JS)) this.skip(); // Debian: apt-get install libjs-requirejs
      const html = convert(dir, template, requireJs ? "require.min.js" : "missing-require.js");
      const { page, errors } = await openOffline(browser, html);
      if (requireJs) assert.equal(await page.evaluate(() => typeof (window as unknown as { requirejs?: unknown }).requirejs), "function", "require.js is loaded");
      await page.waitForFunction((n) => document.querySelectorAll(".tsdl-figure .main-svg").length >= n, names.length, { timeout: 60_000 })
        .catch(() => undefined);
      const drawn = await page.$$eval(".tsdl-figure", (divs) => divs.map((d) => d.querySelector(".main-svg") !== null));
      const notDrawn = names.filter((_, i) => !drawn[i]);
      assert.deepEqual(notDrawn, [], `figures not drawn: ${notDrawn.join(", ")}; page errors: ${errors.join("; ")}`);
      assert.equal(drawn.length, names.length);
      assert.equal(await page.$$eval(".tsdl-figure-placeholder", (p) => p.length), 0, "placeholders replaced by the plots");
      assert.deepEqual(errors.filter((e) => !/MathJax/i.test(e)), [], "no page errors (no mismatched anonymous define)");
      const loads = await page.evaluate(() => Array.from(document.scripts).filter((s) => /plotly\.min\.js$/.test(s.src)).length);
      assert.equal(loads, 1, "plotly.min.js loaded once for the whole page");
      if (template === "lab" && requireJs) {
        const divs = await page.$$(".tsdl-figure");
        for (const [i, name] of names.entries()) await divs[i]!.screenshot({ path: join(SHOTS, `${name}.png`) });
      }
      await page.context().close();
    });
  }

  // A page as a Jupyter server would serve it: base URL in <body data-base-url> (classic) or
  // #jupyter-config-data (Lab); plotly.min.js only at <base>kernelspecs/tsdl/plotly.min.js.
  for (const frontEnd of ["classic", "lab"] as const) {
    it(`${frontEnd} front end: loads plotly.min.js from the kernelspec resource URL, outputs inserted as JupyterLab does`, async () => {
      const context = await browser.newContext();
      const served: string[] = [];
      const head = frontEnd === "lab" ? `<script id="jupyter-config-data" type="application/json">{"baseUrl": "/base/"}</script>` : "";
      const body = frontEnd === "classic" ? `<body data-base-url="/base/">` : "<body>";
      await context.route(/.*/, (route) => {
        const url = route.request().url();
        served.push(url);
        if (url === "http://jupyter.test/base/notebooks/nb.html") return route.fulfill({ contentType: "text/html", body: `<html><head>${head}</head>${body}<div id="out"></div></body></html>` });
        if (url === "http://jupyter.test/base/kernelspecs/tsdl/plotly.min.js") return route.fulfill({ contentType: "text/javascript", path: plotlyJsPath() });
        return route.fulfill({ status: 404, body: "" });
      });
      const page = await context.newPage();
      await page.goto("http://jupyter.test/base/notebooks/nb.html");
      const htmls = ["lines", "feature-map"].map((n) => bundleOf(figures[n]!)["text/html"] as string);
      // JupyterLab: innerHTML into a detached node, scripts re-created, node attached afterwards;
      // then the first output is cleared and Plotly forgotten, as after a page reload.
      const drawn = await page.evaluate(async (list) => {
        const insert = (html: string) => {
          const host = document.createElement("div");
          host.innerHTML = html;
          host.querySelectorAll("script").forEach((old) => {
            const s = document.createElement("script");
            s.textContent = old.textContent;
            old.replaceWith(s);
          });
          document.getElementById("out")!.appendChild(host);
          return host;
        };
        const wait = (host: HTMLElement) => new Promise<boolean>((resolve) => {
          let n = 0;
          const poll = (): void => {
            if (host.querySelector(".main-svg")) resolve(true);
            else if (++n > 100) resolve(false);
            else setTimeout(poll, 100);
          };
          poll();
        });
        // two figures inserted before plotly.js has loaded: one request, both draw
        const first = insert(list[0]!);
        const second = insert(list[1]!);
        const a = (await wait(first)) && (await wait(second));
        first.remove();
        second.remove();
        const w = window as unknown as Record<string, unknown>;
        delete w["Plotly"];
        delete w["__tsdlPlotlyPromise"];
        const b = await wait(insert(list[1]!));
        return [a, b];
      }, htmls);
      assert.deepEqual(drawn, [true, true]);
      assert.equal(served.filter((u) => u.endsWith("/base/kernelspecs/tsdl/plotly.min.js")).length, 2);
      await context.close();
    });
  }

  it("where plotly.min.js is nowhere: the picture stays, no failure text; plotly.js requested once for the whole page", async () => {
    const bare = join(dir, "bare");
    mkdirSync(bare, { recursive: true });
    const withPicture = createFigure([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: { text: "With a picture" } });
    await withImages([withPicture]);
    const bodies = [bundleOf(withPicture), bundleOf(withPicture), bundleOf(figures["bars"]!)].map((b) => b["text/html"] as string);
    writeFileSync(join(bare, "page.html"), `<html><body>${bodies.join("\n")}</body></html>`);
    const { page } = await openOffline(browser, join(bare, "page.html"));
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".tsdl-figure")).every((d) => d.hasAttribute("data-tsdl-error")), undefined, { timeout: 20_000 });
    const state = await page.$$eval(".tsdl-figure", (divs) => divs.map((d) => {
      const img = d.querySelector("img");
      return { picture: img !== null && img.complete && img.naturalWidth > 0, text: (d.textContent ?? "").trim() };
    }));
    assert.deepEqual(state.slice(0, 2).map((s) => s.picture), [true, true], "the pictures show");
    assert.deepEqual(state.slice(0, 2).map((s) => s.text), ["", ""], "no failure text where a picture stands");
    assert.match(state[2]!.text, /^Figure: Predicted probabilities[\s\S]*\(interactive figure: plotly.js not found; tried: plotly.min.js\)$/, "without a picture: the summary, then why it is not interactive");
    assert.equal(requests.filter((u) => u.endsWith("plotly.min.js")).length, 1, "one request for three figures");
    await page.screenshot({ path: join(SHOTS, "no-plotly-pictures.png"), fullPage: true });
    await page.context().close();
  });

  it("every lesson figure passes plotly.js 4.x's own Plotly.validate", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent("<div></div>");
    await page.addScriptTag({ path: plotlyJsPath() });
    for (const [name, fig] of Object.entries(figures)) {
      // validate (unlike newPlot) does not read plotly's typed arrays: it checks the decoded spec
      const spec = decodeAll(bundleOf(fig)[PLOTLY_MIME]) as { data: unknown[]; layout: unknown } | undefined;
      if (spec === undefined) continue;
      const errors = await page.evaluate((s) => ((window as unknown as { Plotly: { validate: (d: unknown, l: unknown) => unknown[] | undefined } }).Plotly.validate(s.data, s.layout) ?? [])
        .map((e) => (e as { msg: string }).msg), spec);
      // validate reports slider/button args (any-typed arrays of objects) as "reset" to themselves: not a problem
      assert.deepEqual(errors.filter((m) => !/\(set to '(.*)'\) got reset to '\1' during defaults/.test(m)), [], `${name}: Plotly.validate`);
    }
    await context.close();
  });

  it("sliders: a β step swaps the η slider's steps and restyles the path (no kernel)", async function () {
    const html = join(dir, "figures-lab.html");
    if (!existsSync(html)) this.skip();
    const { page } = await openOffline(browser, html);
    await page.waitForFunction(() => document.querySelectorAll(".tsdl-figure .main-svg").length > 5, undefined, { timeout: 60_000 });
    const index = names.indexOf("momentum-sliders");
    const result = await page.evaluate(async (i) => {
      type Gd = HTMLElement & { data: unknown[]; _fullData: { x: ArrayLike<number> }[]; layout: { sliders: { steps: { label: string; method: string; args: unknown[] }[]; active: number }[] } };
      const gd = document.querySelectorAll(".tsdl-figure")[i] as Gd;
      const Plotly = (window as unknown as { Plotly: Record<string, (...a: unknown[]) => Promise<unknown>> }).Plotly;
      const before = Array.from(gd._fullData[1]!.x); // decoded: the stored x is a typed array
      const betaStep = gd.layout.sliders[1]!.steps[0]!; // β = 0: plain gradient descent
      await Plotly[betaStep.method]!(gd, ...betaStep.args);
      const afterBeta = Array.from(gd._fullData[1]!.x);
      const etaStep = gd.layout.sliders[0]!.steps[4]!; // η = 0.041 with β = 0 diverges
      await Plotly[etaStep.method]!(gd, ...etaStep.args);
      return { before: before.length, afterBeta: afterBeta.length, changed: JSON.stringify(before) !== JSON.stringify(afterBeta),
        etaActive: gd.layout.sliders[0]!.active, etaName: (gd.data[1] as unknown as { name: string }).name, svg: gd.querySelectorAll(".main-svg").length };
    }, index);
    assert.ok(result.changed, "the β step restyled the path");
    assert.equal(result.etaActive, 2);
    assert.match(result.etaName, /η = 0\.041, β = 0:/);
    assert.ok(result.svg > 0);
    await page.context().close();
  });
});
