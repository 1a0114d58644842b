/**
 * Pictures drawn synchronously, for a figure's display when the notebook-wide switch
 * ({@link figurePictures}) is on: a display returns its bundle at once, so the one headless
 * Chromium run (the same page and palette as {@link figuresToImages}) is waited for.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  chromiumArgs, chromiumFor, FigureRenderError, imagesFromDom, imagesPage, sizedSpecs, timeoutFor, type FigureImages, type PngOptions,
} from "./png-page.js";
import type { FigureSpec } from "./types.js";

/** The pictures of `specs`, in order, from one Chromium run that this call waits for. */
export function figuresToImagesSync(specs: FigureSpec[], options: PngOptions = {}): FigureImages[] {
  if (specs.length === 0) return [];
  const sized = sizedSpecs(specs, options);
  const chromium = chromiumFor(options);
  const dir = mkdtempSync(join(tmpdir(), "tsdl-png-"));
  try {
    const page = join(dir, "figures.html");
    writeFileSync(page, imagesPage(sized));
    const timeoutMs = timeoutFor(options, sized.length);
    const run = spawnSync(chromium, chromiumArgs(pathToFileURL(page).href, join(dir, "profile"), timeoutMs), {
      encoding: "utf8", timeout: timeoutMs + 30_000, maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"],
    });
    if (run.error) throw new FigureRenderError(`figureToPng: could not run ${chromium}: ${run.error.message}`);
    if (!run.stdout.includes(":END")) {
      throw new FigureRenderError(`figureToPng: ${chromium} exited with ${run.signal ?? run.status}: ${run.stderr.trim().slice(-500)}`);
    }
    return imagesFromDom(run.stdout, sized, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
