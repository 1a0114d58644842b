import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Figure } from "./figure.js";
import { scriptSafeJson } from "./plotly-html.js";

/** Where Debian puts Chromium; `$CHROMIUM_PATH` overrides. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The absolute path of the plotly.min.js this package ships (for installers and site builds). */
export function plotlyJsPath(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist-min/plotly.min.js");
}

/** Options for {@link figureToPng}. */
export interface PngOptions {
  width?: number;
  height?: number;
  /** Device pixel ratio of the image (default 1). */
  scale?: number;
  /** The Chromium executable (default `$CHROMIUM_PATH` or /usr/bin/chromium). */
  chromium?: string;
  /** Give up after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** Chromium could not be found or failed to render. */
export class FigureRenderError extends Error {
  override name = "FigureRenderError";
}

/**
 * Renders a figure to PNG bytes with headless Chromium and plotly's own `toImage`,
 * for static images in exported pages. Needs no network: plotly.js is loaded from this
 * package's files.
 */
export async function figureToPngBuffer(figure: Figure, options: PngOptions = {}): Promise<Buffer> {
  const spec = figure.toJSON();
  const width = options.width ?? (typeof spec.layout["width"] === "number" ? (spec.layout["width"] as number) : 800);
  const height = options.height ?? (typeof spec.layout["height"] === "number" ? (spec.layout["height"] as number) : 450);
  const scale = options.scale ?? 1;
  for (const [name, v] of [["width", width], ["height", height], ["scale", scale]] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`figureToPng: ${name} must be a positive number, got ${v}`);
  }
  const chromium = options.chromium ?? process.env["CHROMIUM_PATH"] ?? DEFAULT_CHROMIUM;
  try {
    accessSync(chromium, constants.X_OK);
  } catch {
    throw new FigureRenderError(
      `figureToPng: Chromium not found at ${chromium}.\nhelp: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH / options.chromium`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "tsdl-png-"));
  try {
    const page = join(dir, "figure.html");
    const layout = { ...spec.layout, width, height };
    await writeFile(page, `<!doctype html><html><body style="margin:0">
<div id="g"></div><pre id="out"></pre>
<script src="${pathToFileURL(plotlyJsPath()).href}"></script>
<script>
var spec = ${scriptSafeJson({ ...spec, layout, config: { ...spec.config, staticPlot: true } })};
var out = document.getElementById("out");
Promise.resolve().then(function () { return Plotly.newPlot("g", spec.data, spec.layout, spec.config); })
  .then(function (gd) { return Plotly.toImage(gd, { format: "png", width: ${width}, height: ${height}, scale: ${scale} }); })
  .then(function (url) { out.textContent = "PNG:" + url + ":END"; }, function (e) { out.textContent = "ERROR:" + e + ":END"; });
</script></body></html>`);
    const dom = await runChromium(chromium, pathToFileURL(page).href, join(dir, "profile"), options.timeoutMs ?? 60_000);
    const match = /(PNG|ERROR):(.*?):END/s.exec(dom);
    if (!match) throw new FigureRenderError(`figureToPng: Chromium returned no image (page output: ${dom.slice(0, 200)}…)`);
    if (match[1] === "ERROR") throw new FigureRenderError(`figureToPng: plotly failed to draw: ${match[2]}`);
    const base64 = (match[2] ?? "").replace(/^data:image\/png;base64,/, "");
    return Buffer.from(base64, "base64");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Renders a figure to a PNG file at `path` (see {@link figureToPngBuffer}). */
export async function figureToPng(figure: Figure, path: string, options: PngOptions = {}): Promise<void> {
  await writeFile(path, await figureToPngBuffer(figure, options));
}

function runChromium(chromium: string, url: string, profile: string, timeoutMs: number): Promise<string> {
  const args = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`, "--allow-file-access-from-files", "--virtual-time-budget=30000",
    "--dump-dom", url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new FigureRenderError(`figureToPng: could not start ${chromium}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const dom = Buffer.concat(chunks).toString();
      if (code === 0 || dom.includes(":END")) resolve(dom);
      else reject(new FigureRenderError(`figureToPng: ${chromium} exited with ${signal ?? code}: ${stderr.trim().slice(-500)}`));
    });
  });
}
