/**
 * Static images for figures: each plotly output also gets an `image/png`, drawn by headless
 * Chromium, for readers that cannot run scripts (a code host's notebook preview, Markdown
 * or PDF exports). Pages that run scripts still prefer the live `text/html`.
 * @see notebooks/00-welcome.ipynb
 */
import { accessSync, constants } from "node:fs";
import { DEFAULT_CHROMIUM, figuresToPngBuffers, PLOTLY_MIME } from "../../lib/figures/index.js";
import type { FigureSpec } from "../../lib/figures/index.js";
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

const figureOutputs = (nb: Notebook): Output[] =>
  nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : [])).filter((o) => {
    const data = o["data"] as Record<string, unknown> | undefined;
    return data !== undefined && data[PLOTLY_MIME] !== undefined;
  });

/** Adds `image/png` to every plotly output (in place), with one Chromium; returns how many. */
export async function addFigureImages(nb: Notebook, options: { chromium: string }): Promise<number> {
  const outputs = figureOutputs(nb);
  const bundles = outputs.map((o) => o["data"] as Record<string, unknown>);
  const pngs = await figuresToPngBuffers(bundles.map((b) => b[PLOTLY_MIME] as FigureSpec), options);
  bundles.forEach((bundle, i) => (bundle["image/png"] = pngs[i]!.toString("base64")));
  return outputs.length;
}

/** How many plotly figures a notebook shows. */
export const countFigures = (nb: Notebook): number => figureOutputs(nb).length;
