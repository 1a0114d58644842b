/**
 * The parts of drawing figures' pictures that {@link figuresToImages} (async) and
 * {@link figuresToImagesSync} (a notebook's display, which cannot wait) share: sizes, the page
 * that has plotly.js draw every figure with its own `toImage`, Chromium's arguments and
 * reading the pictures back out of the page Chromium dumps.
 */
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
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

/** Options for drawing pictures ({@link figuresToImages}, `withImage`, the notebook-wide switch). */
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
  /** Re-encode the PNG with a small palette (default true; see png-palette.ts). */
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

/** A spec ready to draw: its size fixed, static. */
export interface SizedSpec {
  data: unknown;
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
  width: number;
  height: number;
  scale: number;
}

/** The specs at their picture's size (checked). */
export function sizedSpecs(specs: FigureSpec[], options: PngOptions): SizedSpec[] {
  const scale = options.scale ?? 1;
  return specs.map((spec) => {
    const width = options.width ?? (typeof spec.layout["width"] === "number" ? (spec.layout["width"] as number) : DEFAULT_WIDTH);
    const height = options.height ?? (typeof spec.layout["height"] === "number" ? (spec.layout["height"] as number) : DEFAULT_HEIGHT);
    for (const [name, v] of [["width", width], ["height", height], ["scale", scale]] as const) {
      if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`figureToPng: ${name} must be a positive number, got ${v}`);
    }
    return { data: spec.data, layout: { ...spec.layout, width, height }, config: { ...spec.config, staticPlot: true }, width, height, scale };
  });
}

/** The Chromium to run (checked to be executable). */
export function chromiumFor(options: PngOptions): string {
  const chromium = options.chromium ?? process.env["CHROMIUM_PATH"] ?? DEFAULT_CHROMIUM;
  try {
    accessSync(chromium, constants.X_OK);
  } catch {
    throw new FigureRenderError(
      `figureToPng: Chromium not found at ${chromium}.\nhelp: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH / options.chromium`,
    );
  }
  return chromium;
}

/** How long Chromium may take for `n` figures. */
export const timeoutFor = (options: PngOptions, n: number): number => options.timeoutMs ?? 60_000 + 10_000 * n;

/** The page that draws every spec and writes their PNG, SVG and WebP into `#out`. */
export function imagesPage(specs: SizedSpec[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
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
</script></body></html>`;
}

/** Headless Chromium's arguments: dump the page's DOM once its virtual time has run. */
export function chromiumArgs(url: string, profile: string, timeoutMs: number): string[] {
  return [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`, "--allow-file-access-from-files", `--virtual-time-budget=${timeoutMs}`,
    "--dump-dom", url,
  ];
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The pictures in the DOM Chromium dumped, in order. */
export function imagesFromDom(dom: string, specs: SizedSpec[], options: PngOptions): FigureImages[] {
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
}
