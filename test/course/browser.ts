// Opening rendered lesson pages in headless Chromium (Debian's), with no network: which
// figures drew, whether a slider step changes its plot, and which requests left the disk.
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";

export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--allow-file-access-from-files"],
  });
}

export interface SliderCheck {
  figure: number;
  /** The plot's SVG differs after moving the slider one step. */
  changed: boolean;
  /** The slider's active step before and after. */
  steps: [number, number];
}

export interface PageCheck {
  figures: number;
  /** Figures whose output holds a drawn plotly `.main-svg`. */
  drawn: number;
  /** What each figure that did not draw says instead. */
  undrawn: string[];
  sliders: SliderCheck[];
  /** Elements MathJax typeset (0 when the page has no formulas or MathJax did not load). */
  mathjax: number;
  /** Requests for anything not on disk (all aborted). */
  offDisk: string[];
  /** Errors the page's scripts threw or logged. */
  consoleErrors: string[];
}

/**
 * A browser context with no network: file: and data: URLs load, every other request is aborted
 * and listed in `offDisk`.
 */
export async function offlineContext(browser: Browser, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; offDisk: string[] }> {
  const context = await browser.newContext({ viewport });
  const offDisk: string[] = [];
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (requested.startsWith("file:") || requested.startsWith("data:")) return route.continue();
    offDisk.push(requested);
    return route.abort();
  });
  return { context, offDisk };
}

/** Opens a page (file:// URL) and checks every figure in it; saves a screenshot when asked. */
export async function checkPage(browser: Browser, url: string, options: { screenshot?: string; sliderShots?: string } = {}): Promise<PageCheck> {
  const { context, offDisk } = await offlineContext(browser, { width: 1200, height: 900 });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  try {
    await page.goto(url, { waitUntil: "load" });
    const figures = await page.locator(".tsdl-figure").count();
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll(".tsdl-figure")).every((d) => d.querySelector(".main-svg") !== null || d.hasAttribute("data-tsdl-error") || d.nextElementSibling?.tagName !== "SCRIPT"), // drawn, given up, or a picture with no loader
      undefined, { timeout: 60_000 },
    ).catch(() => undefined);
    const status = await page.$$eval(".tsdl-figure", (divs) => divs.map((d) => (d.querySelector(".main-svg") ? "" : `${d.querySelector("img") ? "(picture only) " : ""}${d.getAttribute("data-tsdl-error") ?? ""} ${(d.textContent ?? "").slice(0, 200)}`)));
    const sliders = await checkSliders(page, options.sliderShots);
    const mathjax = await page.waitForFunction(() => document.querySelectorAll(".MathJax_CHTML, .mjx-chtml").length, undefined, { timeout: 15_000 })
      .then((h) => h.jsonValue() as Promise<number>).catch(() => 0);
    if (options.screenshot !== undefined) await page.screenshot({ path: options.screenshot, fullPage: true });
    return { figures, drawn: status.filter((s) => s === "").length, undrawn: status.filter((s) => s !== ""), sliders, mathjax, offDisk, consoleErrors };
  } finally {
    await context.close();
  }
}

/** Moves every figure's first slider one step with the mouse and compares the plot's SVG. */
async function checkSliders(page: Page, shots: string | undefined): Promise<SliderCheck[]> {
  const results: SliderCheck[] = [];
  const figures = page.locator(".tsdl-figure");
  const n = await figures.count();
  for (let i = 0; i < n; i++) {
    const figure = figures.nth(i);
    const rail = figure.locator(".slider-container .slider-rail-touch-rect").first();
    if ((await rail.count()) === 0) continue;
    await figure.scrollIntoViewIfNeeded();
    const state = (): Promise<[number, string]> =>
      figure.evaluate((div) => {
        const gd = div as HTMLElement & { _fullLayout?: { sliders?: { active: number }[] } };
        return [gd._fullLayout?.sliders?.[0]?.active ?? -1, Array.from(div.querySelectorAll(".main-svg")).map((s) => s.innerHTML).join("")];
      });
    const [before, svgBefore] = await state();
    const steps = await figure.evaluate((div) => (div as HTMLElement & { _fullLayout?: { sliders?: { steps: unknown[] }[] } })._fullLayout?.sliders?.[0]?.steps.length ?? 0);
    const target = before + 1 < steps ? before + 1 : before - 1;
    const box = (await rail.boundingBox())!;
    // plotly spaces steps evenly along the rail, between half a grip's width from each end
    const inset = 10;
    const x = box.x + inset + ((box.width - 2 * inset) * target) / Math.max(1, steps - 1);
    if (shots !== undefined) await figure.screenshot({ path: `${shots}-fig${i + 1}-before.png` });
    await page.mouse.click(x, box.y + box.height / 2);
    await page.waitForTimeout(400);
    const [after, svgAfter] = await state();
    if (shots !== undefined) await figure.screenshot({ path: `${shots}-fig${i + 1}-after.png` });
    results.push({ figure: i + 1, changed: svgAfter !== svgBefore && after !== before, steps: [before, after] });
  }
  return results;
}
