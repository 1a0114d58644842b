import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Figure } from "./figure.js";
import {
  chromiumArgs, chromiumFor, FigureRenderError, imagesFromDom, imagesPage, sizedSpecs, timeoutFor, type FigureImages, type PngOptions,
} from "./png-page.js";
import type { FigureSpec } from "./types.js";

export { DEFAULT_CHROMIUM, FigureRenderError, plotlyJsPath, type FigureImages, type PngOptions } from "./png-page.js";

/**
 * Renders figures to PNG bytes, in order, with ONE headless Chromium (a start costs ~2 s)
 * and plotly's own `toImage`: static images for exports that run no scripts. Needs no
 * network: plotly.js is loaded from this package's files.
 */
export async function figuresToPngBuffers(figures: (Figure | FigureSpec)[], options: PngOptions = {}): Promise<Buffer[]> {
  return (await figuresToImages(figures, options)).map((i) => i.png);
}

/** Like {@link figuresToPngBuffers}, also keeping each figure's SVG (plotly's `toImage` both ways). */
export async function figuresToImages(figures: (Figure | FigureSpec)[], options: PngOptions = {}): Promise<FigureImages[]> {
  if (figures.length === 0) return [];
  const specs = sizedSpecs(figures.map((f) => (f instanceof Figure ? f.toJSON() : f)), options);
  const chromium = chromiumFor(options);
  const dir = await mkdtemp(join(tmpdir(), "tsdl-png-"));
  try {
    const page = join(dir, "figures.html");
    await writeFile(page, imagesPage(specs));
    const dom = await runChromium(chromium, pathToFileURL(page).href, join(dir, "profile"), timeoutFor(options, specs.length));
    return imagesFromDom(dom, specs, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Renders one figure to PNG bytes (see {@link figuresToPngBuffers}). */
export async function figureToPngBuffer(figure: Figure, options: PngOptions = {}): Promise<Buffer> {
  const [png] = await figuresToPngBuffers([figure], options);
  return png!;
}

/** Renders a figure to a PNG file at `path` (see {@link figuresToPngBuffers}). */
export async function figureToPng(figure: Figure, path: string, options: PngOptions = {}): Promise<void> {
  await writeFile(path, await figureToPngBuffer(figure, options));
}

function runChromium(chromium: string, url: string, profile: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, chromiumArgs(url, profile, timeoutMs), { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs + 30_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new FigureRenderError(`figureToPng: could not start ${chromium}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const dom = Buffer.concat(chunks).toString();
      if (dom.includes(":END")) resolve(dom);
      else reject(new FigureRenderError(`figureToPng: ${chromium} exited with ${signal ?? code}: ${stderr.trim().slice(-500)}`));
    });
  });
}
