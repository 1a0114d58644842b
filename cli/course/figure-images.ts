/**
 * Static pictures for figures, and each spec stored once. Every plotly output of an executed
 * lesson becomes:
 * - `application/vnd.plotly.v1+json`: the spec, its numbers rounded to float32 and long arrays
 *   in plotly's typed-array encoding (VS Code, nteract, JupyterLab with jupyterlab-plotly draw
 *   it interactively; all run plotly.js ≥ 2.28, which reads it);
 * - `text/html`: the figure's `<div>` with its picture (`<img>`, a PNG or SVG `data:` URI) and
 *   no script, so no second copy of the spec: what GitHub, nbviewer, JupyterLab (untrusted or
 *   without jupyterlab-plotly) and an nbconvert HTML export show;
 * - `image/png`: the 256-colour PNG, for PDF via LaTeX (and jupyterlab-plotly's static view);
 * - `text/plain`: the text summary.
 * The course site puts the interactive plot back ({@link interactiveFigures}): it has the spec
 * from the plotly JSON and plotly.min.js beside its pages.
 * @see notebooks/00-welcome.ipynb
 */
import { accessSync, constants } from "node:fs";
import {
  DEFAULT_CHROMIUM, encodeTypedArrays, figureHtml, figuresToImages, pictureOf, PLOTLY_MIME, plotlyHtml, roundSpec,
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
 * Gives every plotly output its picture and stores its spec once (in place), drawing all
 * figures with one Chromium; returns how many.
 */
export async function addFigureImages(nb: Notebook, options: { chromium: string }): Promise<number> {
  const bundles = figureBundles(nb);
  const specs = bundles.map((b) => roundSpec(b[PLOTLY_MIME] as FigureSpec));
  const images = await figuresToImages(specs, options);
  bundles.forEach((bundle, i) => {
    const image = images[i]!;
    bundle[PLOTLY_MIME] = encodeTypedArrays(specs[i]);
    bundle["text/html"] = figureHtml({ id: figureId(text(bundle["text/html"]), i), placeholder: text(bundle["text/plain"]), picture: pictureOf(image) });
    bundle["image/png"] = image.png.toString("base64");
  });
  return bundles.length;
}

/** The picture a figure's stored `text/html` carries, if any. */
export function storedPicture(html: string): FigurePicture | undefined {
  const m = /<img class="tsdl-figure-image" src="([^"]*)" width="(\d+)" height="(\d+)"/.exec(html);
  if (!m) return undefined;
  const src = m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return { src, width: Number(m[2]), height: Number(m[3]) };
}

/**
 * A copy of the notebook whose figures draw interactively again: each script-less figure
 * `text/html` gets the loader and the spec from its plotly JSON, keeping its picture
 * (for the course site, where plotly.min.js sits beside the pages).
 */
export function interactiveFigures(nb: Notebook): Notebook {
  const copy = JSON.parse(JSON.stringify(nb)) as Notebook;
  figureBundles(copy).forEach((bundle, i) => {
    const html = text(bundle["text/html"]);
    if (html.includes("<script")) return; // a live kernel bundle: already interactive
    const picture = storedPicture(html);
    bundle["text/html"] = plotlyHtml(bundle[PLOTLY_MIME] as FigureSpec, {
      id: figureId(html, i), placeholder: text(bundle["text/plain"]), ...(picture ? { picture } : {}),
    });
  });
  return copy;
}

/** How many plotly figures a notebook shows. */
export const countFigures = (nb: Notebook): number => figureBundles(nb).length;
