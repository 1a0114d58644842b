import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Figure } from "./figure.js";
import { palettePng } from "./png-palette.js";
import { scriptSafeJson } from "./plotly-html.js";
import type { FigureSpec } from "./types.js";

/** Where Debian puts Chromium; `$CHROMIUM_PATH` overrides. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 450;

/** The absolute path of the plotly.min.js this package ships (for installers and site builds). */
export function plotlyJsPath(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist-min/plotly.min.js");
}

/** Options for {@link figureToPng} and {@link figuresToPngBuffers}. */
export interface PngOptions {
  /** Image size in CSS pixels (default: the figure's layout width/height, else 800×450). */
  width?: number;
  height?: number;
  /** Device pixel ratio of the image (default 1). */
  scale?: number;
  /** The Chromium executable (default `$CHROMIUM_PATH` or /usr/bin/chromium). */
  chromium?: string;
  /** Give up after this many milliseconds (default 60 000, plus 10 000 a figure). */
  timeoutMs?: number;
  /** Re-encode the PNG with a 256-colour palette, about a quarter of the bytes (default true; see png-palette.ts). */
  palette?: boolean;
}

/** Chromium could not be found or failed to render. */
export class FigureRenderError extends Error {
  override name = "FigureRenderError";
}

/** One figure drawn statically: PNG bytes and the SVG plotly draws them from, at `width`×`height`. */
export interface FigureImages {
  png: Buffer;
  svg: string;
  /** A lossy WebP `data:` URI (quality 0.9) of the same pixels, or "" where the browser makes none. */
  webp: string;
  width: number;
  height: number;
}

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
  const scale = options.scale ?? 1;
  const specs = figures.map((f) => {
    const spec = f instanceof Figure ? f.toJSON() : f;
    const width = options.width ?? (typeof spec.layout["width"] === "number" ? (spec.layout["width"] as number) : DEFAULT_WIDTH);
    const height = options.height ?? (typeof spec.layout["height"] === "number" ? (spec.layout["height"] as number) : DEFAULT_HEIGHT);
    for (const [name, v] of [["width", width], ["height", height], ["scale", scale]] as const) {
      if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`figureToPng: ${name} must be a positive number, got ${v}`);
    }
    const layout: Record<string, unknown> = { ...spec.layout, width, height };
    return { data: spec.data, layout, config: { ...spec.config, staticPlot: true }, width, height, scale };
  });
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
    const page = join(dir, "figures.html");
    await writeFile(page, `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
<div id="g"></div><pre id="out"></pre>
<script src="${pathToFileURL(plotlyJsPath()).href}"></script>
<script>
var specs = ${scriptSafeJson(specs)};
var images = [];
specs.reduce(function (prev, s) {
  return prev.then(function () {
    return Plotly.newPlot("g", s.data, s.layout, s.config)
      .then(function (gd) {
        return Plotly.toImage(gd, { format: "png", width: s.width, height: s.height, scale: s.scale }).then(function (png) {
          return Plotly.toImage(gd, { format: "svg", width: s.width, height: s.height }).then(function (svg) {
            return new Promise(function (resolve) {
              var img = new Image();
              img.onload = function () {
                var c = document.createElement("canvas");
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                c.getContext("2d").drawImage(img, 0, 0);
                var webp = c.toDataURL("image/webp", 0.9);
                resolve([png, svg, webp.indexOf("data:image/webp") === 0 ? webp : ""]);
              };
              img.onerror = function () { resolve([png, svg, ""]); };
              img.src = png;
            });
          });
        });
      })
      .then(function (pair) { images.push(pair); Plotly.purge("g"); }, function (e) { images.push(["ERROR " + e, "", ""]); });
  });
}, Promise.resolve()).then(function () {
  document.getElementById("out").textContent = "PNGS:" + JSON.stringify(images) + ":END";
});
</script></body></html>`);
    const timeoutMs = options.timeoutMs ?? 60_000 + 10_000 * specs.length;
    const dom = await runChromium(chromium, pathToFileURL(page).href, join(dir, "profile"), timeoutMs);
    const match = /PNGS:(.*?):END/s.exec(dom);
    if (!match) throw new FigureRenderError(`figureToPng: Chromium returned no images for ${specs.length} figure(s) (page output: ${dom.slice(0, 200)}…)`);
    const triples = JSON.parse(unescapeHtml(match[1] ?? "")) as [string, string, string][];
    return triples.map(([url, svg, webp], i) => {
      const spec = specs[i]!;
      if (!url.startsWith("data:image/png;base64,")) {
        const title = (spec.layout["title"] as { text?: string } | undefined)?.text ?? "untitled";
        throw new FigureRenderError(`figureToPng: plotly failed to draw figure ${i + 1} (${title}): ${url}`);
      }
      const png = Buffer.from(url.slice("data:image/png;base64,".length), "base64");
      return {
        png: options.palette === false ? png : palettePng(png),
        svg: decodeURIComponent(svg.replace(/^data:image\/svg\+xml,/, "")),
        webp,
        width: spec.width,
        height: spec.height,
      };
    });
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

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function runChromium(chromium: string, url: string, profile: string, timeoutMs: number): Promise<string> {
  const args = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`, "--allow-file-access-from-files", `--virtual-time-budget=${timeoutMs}`,
    "--dump-dom", url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { stdio: ["ignore", "pipe", "pipe"] });
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
