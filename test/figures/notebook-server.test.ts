import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { plotlyJsPath } from "../../lib/index.js";
import { bundleOf, gallery } from "./gallery.js";
import { freePort, waitForServer } from "../local-server.js";

/**
 * The real classic Notebook (Debian's python3-notebook 6.x: require.js, jQuery inserting
 * outputs, a base URL) opening a trusted notebook whose outputs are every figure type:
 * plotly.min.js must come from `<base_url>kernelspecs/tsdl/plotly.min.js`, once, and every
 * figure must draw. No network beyond the local server.
 */
const PYTHON = "/usr/bin/python3";
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

function hasNotebook(): boolean {
  try {
    execFileSync(PYTHON, ["-c", "import notebook.notebookapp, nbformat.sign"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("figures in the classic Notebook server, offline", function () {
  this.timeout(120_000);
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
  });

  it("draws every figure with plotly.min.js from the kernelspec resource URL", async function () {
    if (!hasNotebook()) this.skip(); // Debian: apt-get install python3-notebook
    const dir = mkdtempSync(join(tmpdir(), "tsdl-notebook-"));
    const env = { ...process.env, JUPYTER_PATH: join(dir, "jp"), JUPYTER_DATA_DIR: join(dir, "data"), JUPYTER_CONFIG_DIR: join(dir, "config"), JUPYTER_RUNTIME_DIR: join(dir, "rt") };
    const spec = join(dir, "jp", "kernels", "tsdl");
    mkdirSync(spec, { recursive: true });
    mkdirSync(join(dir, "nb"));
    copyFileSync(plotlyJsPath(), join(spec, "plotly.min.js")); // what `tsdl install` does
    writeFileSync(join(spec, "kernel.json"), JSON.stringify({ argv: [PYTHON, "-m", "ipykernel_launcher", "-f", "{connection_file}"], display_name: "tsdl (figure test)", language: "typescript" }));
    const figures = gallery();
    const names = Object.keys(figures);
    const cells = names.map((name, i) => ({
      cell_type: "code", execution_count: i + 1, id: `c${i}`, metadata: {}, source: [`display(${JSON.stringify(name)})`],
      outputs: [{ output_type: "display_data", metadata: {}, data: bundleOf(figures[name]!) }],
    }));
    const nb = join(dir, "nb", "figures.ipynb");
    writeFileSync(nb, JSON.stringify({ nbformat: 4, nbformat_minor: 5, cells, metadata: { kernelspec: { name: "tsdl", display_name: "tsdl", language: "typescript" } } }));
    execFileSync(PYTHON, ["-m", "nbformat.sign", nb], { env, stdio: "ignore" }); // saved outputs run scripts only when trusted
    const port = await freePort();
    let log = "";
    server = spawn(PYTHON, ["-m", "notebook", "--allow-root", "--no-browser", `--port=${port}`, "--ip=127.0.0.1", "--NotebookApp.token=", "--NotebookApp.password=",
      `--notebook-dir=${join(dir, "nb")}`, "--NotebookApp.base_url=/base/"], { env, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (c: Buffer) => (log = (log + c).slice(-3000)));
    server.stderr!.on("data", (c: Buffer) => (log = (log + c).slice(-3000)));
    const origin = `http://127.0.0.1:${port}`;
    await waitForServer(`${origin}/base/api`, server, () => log);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-quic"] });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const requested: string[] = [];
    await context.route(/.*/, (route) => {
      const url = route.request().url();
      if (!url.startsWith(origin)) return route.abort(); // no network beyond the server
      requested.push(url);
      return route.continue();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/base/notebooks/figures.ipynb`);
    await page.waitForFunction((n) => document.querySelectorAll(".tsdl-figure .main-svg").length >= n, names.length, { timeout: 60_000 }).catch(() => undefined);
    const drawn = await page.$$eval(".tsdl-figure", (divs) => divs.map((d) => d.querySelector(".main-svg") !== null));
    assert.equal(drawn.length, names.length, "every output rendered as text/html");
    assert.deepEqual(names.filter((_, i) => !drawn[i]), [], `not drawn; page errors: ${errors.join("; ")}`);
    assert.deepEqual(requested.filter((u) => /plotly/.test(u)), [`${origin}/base/kernelspecs/tsdl/plotly.min.js`]);
    assert.deepEqual(errors, []);
  });
});
