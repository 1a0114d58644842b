/**
 * Static pictures for figures, and each spec stored once. Every plotly output of an executed
 * lesson becomes:
 * - `application/vnd.plotly.v1+json`: the spec, its numbers rounded to float32 and long arrays
 *   in plotly's typed-array encoding (VS Code, nteract, JupyterLab with jupyterlab-plotly draw
 *   it interactively; all run plotly.js ≥ 2.28, which reads it);
 * - `image/png`: the picture, a palette PNG (see png-palette.ts), stored once: it is what every
 *   viewer without a plotly renderer picks when no `text/html` is there — nbconvert's HTML
 *   (lab, classic) and LaTeX (PDF) exports, GitHub's and nbviewer's views, JupyterLab without
 *   jupyterlab-plotly (trusted or not) — and jupyterlab-plotly's static view;
 * - `text/plain`: the text summary.
 * No `text/html`: the executed kernel's HTML draws through a script that no stored viewer runs
 * (they sanitize it away, or prefer a plotly renderer), so it would only be a second copy of
 * the picture. The course site puts the interactive plot back ({@link interactiveFigures}): it
 * has the spec from the plotly JSON, the picture from the PNG and plotly.min.js beside its pages.
 * @see notebooks/00-welcome.ipynb
 */
import { accessSync, constants } from "node:fs";
import {
  DEFAULT_CHROMIUM, encodeTypedArrays, figuresToImages, PLOTLY_MIME, plotlyHtml, pngDataUri, roundSpec,
} from "../../lib/figures/index.js";
import type { FigurePicture, FigureSpec } from "../../lib/figures/index.js";
import type { Notebook, Output } from "./ipynb.js";

/** The Chromium to draw with, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const path = process.env["CHROMIUM_PATH"] ?? DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

const figureBundles = (nb: Notebook): Record<string, unknown>[] =>
  nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
    .map((o: Output) => o["data"] as Record<string, unknown> | undefined)
    .filter((data): data is Record<string, unknown> => data !== undefined && data[PLOTLY_MIME] !== undefined);

const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
const figureId = (html: string, i: number): string => /id="(tsdl-fig-[0-9a-f]+)"/.exec(html)?.[1] ?? `tsdl-fig-${i}`;

/**
 * Gives every plotly output its picture (as `image/png`, in place of its `text/html`) and
 * stores its spec once, compactly, drawing all figures with one Chromium; returns how many.
 */
export async function addFigureImages(nb: Notebook, options: { chromium: string }): Promise<number> {
  const bundles = figureBundles(nb);
  const specs = bundles.map((b) => roundSpec(b[PLOTLY_MIME] as FigureSpec));
  const images = await figuresToImages(specs, options);
  bundles.forEach((bundle, i) => {
    const image = images[i]!;
    bundle[PLOTLY_MIME] = encodeTypedArrays(specs[i]);
    delete bundle["text/html"];
    bundle["image/png"] = image.png.toString("base64");
  });
  return bundles.length;
}

/** The picture a stored figure carries: its `image/png`, at its own size (the PNG is drawn at 1 device pixel per CSS pixel). */
export function storedPicture(bundle: Record<string, unknown>): FigurePicture | undefined {
  const b64 = text(bundle["image/png"]);
  if (b64 === "") return undefined;
  const png = Buffer.from(b64, "base64");
  if (png.length < 24 || png.subarray(1, 4).toString() !== "PNG") throw new RangeError(`storedPicture: image/png is not a PNG (${png.length} bytes)`);
  return { src: pngDataUri(png), width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * A copy of the notebook whose figures draw interactively again: each stored figure gets a
 * `text/html` with the loader, the spec from its plotly JSON and its PNG as the picture
 * (for the course site, where plotly.min.js sits beside the pages).
 */
export function interactiveFigures(nb: Notebook): Notebook {
  const copy = JSON.parse(JSON.stringify(nb)) as Notebook;
  figureBundles(copy).forEach((bundle, i) => {
    const html = text(bundle["text/html"]);
    if (html.includes("<script")) return; // a live kernel bundle: already interactive
    const picture = storedPicture(bundle);
    bundle["text/html"] = plotlyHtml(bundle[PLOTLY_MIME] as FigureSpec, {
      id: figureId(html, i), placeholder: text(bundle["text/plain"]), ...(picture ? { picture } : {}),
    });
  });
  return copy;
}

/** How many plotly figures a notebook shows. */
export const countFigures = (nb: Notebook): number => figureBundles(nb).length;
