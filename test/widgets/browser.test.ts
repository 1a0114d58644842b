/**
 * A real widget frontend in a real browser: ipywidgets 8's own JavaScript (html-manager 1 with
 * base 6, controls 5, output 6, the model and view code JupyterLab uses) and
 * @jupyterlab/services 7, in headless Chromium, talking to Debian's jupyter_server that runs the
 * tsdl kernel. A slider renders, the mouse drags it, the kernel's TypeScript observer and
 * interact function run, and the Output widget shows the new value. A Stop button clicked with
 * the mouse while a cell awaits trainModel stops the training, with the page's comm messages on a
 * subshell (services 7's default, JupyterLab 4) and on the main shell (frontends without subshells).
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

const TRAIN_SETUP = `import * as tf from "@tensorflow/tfjs";
import { Button, createCourseCnn, trainModel } from "tsdl";
const stop = new AbortController();
const stopButton = new Button({ description: "Stop training" });
stopButton.onClick(() => stop.abort());
const model = createCourseCnn({ seed: 3 });
const data = { X: tf.randomUniform([256, 28, 28, 1], 0, 1, "float32", 1) as tf.Tensor4D, y: tf.oneHot(tf.randomUniform([256], 0, 10, "int32", 2) as tf.Tensor1D, 10) as tf.Tensor2D };
stopButton`;
const TRAIN = "const history = await trainModel(model, data, { numEpochs: 30, batchSize: 32, signal: stop.signal, display });";

const runOn = (page: Page, code: string) => page.evaluate((c) => (window as unknown as { tsdlRun: (code: string) => Promise<string> }).tsdlRun(c), code);

/** Runs a training cell, clicks Stop with the mouse while it awaits, checks it stopped; returns where the click went. */
async function stopTraining(page: Page): Promise<"subshell" | "main shell"> {
  const lastText = async () => (await page.locator(".text-output").allInnerTexts()).at(-1);
  assert.equal(await runOn(page, TRAIN_SETUP), "ok", `the cell failed: ${await lastText()}`);
  const button = page.locator(".widget-button", { hasText: "Stop training" });
  await button.waitFor({ timeout: 30_000 });
  const bars = await page.locator(".text-output", { hasText: "training" }).count();
  const training = runOn(page, TRAIN);
  await page.waitForFunction((n) => document.querySelectorAll(".text-output").length > 0 &&
    Array.from(document.querySelectorAll(".text-output")).filter((e) => e.textContent?.includes("training")).length > n, bars, { timeout: 60_000 });
  await page.waitForTimeout(2000); // trainModel showed its progress bar; the cell now awaits model.fit, batch after batch
  const sentBefore = await page.evaluate(() => (window as unknown as { tsdlCommShells: unknown[] }).tsdlCommShells.length);
  await button.click();
  assert.equal(await training, "ok", `the cell failed: ${await lastText()}`);
  assert.equal(await runOn(page, "[history.stopped, history.batches > 0 && history.batches < 30 * 8, (model.predict(data.X.slice(0, 2)) as tf.Tensor).shape]"), "ok", await lastText());
  assert.equal(await lastText(), "[ true, true, [ 2, 10 ] ]", "stopped, after some of the 240 batches, and the model predicts");
  const click = await page.evaluate((n) => (window as unknown as { tsdlCommShells: (string | null)[] }).tsdlCommShells.slice(n), sentBefore);
  assert.equal(click.length, 1, `comm messages sent by the click: ${JSON.stringify(click)}`);
  return click[0] === null ? "main shell" : "subshell";
}

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

  afterEach(function () {
    // a kernel that died shows up here only as "Kernel is dead": the server's log says why
    if (this.currentTest?.state === "failed") console.log(`      jupyter_server's log, last lines:\n${server?.log()}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const run = (code: string) => runOn(page, code);
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

  it("a Stop button clicked while a cell awaits trainModel stops it after the batch in progress (comms on a subshell)", async () => {
    assert.deepEqual(await stopTraining(page), "subshell");
    assert.deepEqual(errors, []);
  });

  it("the same with the page's comm messages on the main shell, as a frontend without subshells sends them", async () => {
    const context = await browser!.newContext({ viewport: { width: 700, height: 300 } });
    try {
      const mainPage = await context.newPage();
      mainPage.on("pageerror", (e) => errors.push(e.message));
      await mainPage.goto(`${server!.origin}/static/index.html?comms=main`);
      await mainPage.waitForFunction(() => (window as unknown as { tsdlReady?: boolean }).tsdlReady === true, undefined, { timeout: 60_000 });
      assert.deepEqual(await stopTraining(mainPage), "main shell");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
