/**
 * A real widget frontend in a real browser: ipywidgets 8's own JavaScript (html-manager 1 with
 * base 6, controls 5, output 6, the model and view code JupyterLab uses) and
 * @jupyterlab/services 7, in headless Chromium, talking to Debian's jupyter_server that runs the
 * tsdl kernel. A slider renders, the mouse drags it, the kernel's TypeScript observer and
 * interact function run, and the Output widget shows the new value.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Browser, Page } from "playwright-core";
import { launch } from "../course/browser.js";
import { bundleWidgetPage } from "./frontend/bundle.js";
import { hasJupyterServer, startJupyterServer, type JupyterServer } from "./frontend/jupyter-server.js";

const CELL = `import { IntSlider, interact } from "tsdl";
const k = new IntSlider({ value: 2, min: 0, max: 10, description: "k" });
const seen: number[] = [];
k.observe((change) => { seen.push(change.new as number); }, "value");
interact(({ k }) => console.log(\`k = \${k}, k squared = \${k * k}\`), { k })`;

/** Where the screenshot goes: TSDL_SCREENSHOTS, else the temporary folder. */
const SHOT = join(process.env["TSDL_SCREENSHOTS"] ?? tmpdir(), "tsdl-widgets-browser.png");

describe("widgets in ipywidgets 8's own frontend, in Chromium, through jupyter_server", function () {
  this.timeout(180_000);
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    if (!hasJupyterServer()) this.skip(); // Debian: apt-get install python3-jupyter-server (scripts/setup.sh does)
    server = await startJupyterServer();
    await bundleWidgetPage(join(server.root, "page"));
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 700, height: 300 } });
    await context.route(/.*/, (route) => (route.request().url().startsWith(server!.origin) ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(`${server.origin}/static/index.html`);
    await page.waitForFunction(() => (window as unknown as { tsdlReady?: boolean }).tsdlReady === true || document.body.textContent?.includes("could not start"), undefined, { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const run = (code: string) => page.evaluate((c) => (window as unknown as { tsdlRun: (code: string) => Promise<string> }).tsdlRun(c), code);
  const outputText = () => page.locator(".widget-output .jp-OutputArea-output").allInnerTexts();

  it("renders the slider and the first run's output", async () => {
    assert.equal(await run(CELL), "ok", `the cell failed: ${await page.locator("#outputs").innerText()}`);
    await page.locator(".widget-slider .noUi-handle").waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector(".widget-output .jp-OutputArea-output")?.textContent?.includes("k = 2"), undefined, { timeout: 30_000 });
    assert.equal((await page.locator(".widget-slider .widget-readout").innerText()).trim(), "2");
    assert.equal(await page.locator(".widget-slider .widget-label").first().innerText(), "k");
  });

  it("a mouse drag to 80% of the track sets k = 8 in the kernel: observe and interact run, the Output shows it", async () => {
    const handle = page.locator(".widget-slider .noUi-handle");
    const track = (await page.locator(".widget-slider .noUi-base").boundingBox())!;
    const grip = (await handle.boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(grip.x + grip.width / 2 + ((track.x + 0.8 * track.width - grip.x - grip.width / 2) * i) / 10, grip.y + grip.height / 2);
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector(".widget-output .jp-OutputArea-output")?.textContent?.includes("k = 8"), undefined, { timeout: 30_000 })
      .catch(async () => assert.fail(`the Output shows ${JSON.stringify(await outputText())}, readout ${await page.locator(".widget-readout").innerText()}`));
    assert.deepEqual((await outputText()).map((t) => t.trim()), ["k = 8, k squared = 64"]);
    assert.equal((await page.locator(".widget-slider .widget-readout").innerText()).trim(), "8");
    await page.screenshot({ path: SHOT });
    console.log(`      screenshot: ${SHOT}`);
    assert.equal(await run("k.value"), "ok");
    assert.equal(await run("seen.at(-1)"), "ok");
    const results = await page.locator(".text-output").allInnerTexts();
    assert.deepEqual(results.slice(-2), ["8", "8"], "k.value and the observer's last value in the kernel");
    assert.deepEqual(errors, []);
  });
});
