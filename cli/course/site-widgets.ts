/**
 * ipywidgets 8's HTML widget manager for the course site, copied from the npm package
 * @jupyter-widgets/html-manager (its own AMD embed build and the icon fonts beside it), so a
 * page with saved widget state (`application/vnd.jupyter.widget-state+json`, which nbclient
 * writes after execution) draws its widgets offline: nbconvert's default loads it from a CDN.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Where the site keeps the widget manager, and the URL pages load it by. */
export const WIDGETS_DIR = "widgets";
export const WIDGET_RENDERER_URL = `${WIDGETS_DIR}/embed-amd.js`;

/** The package's dist folder, or undefined when @jupyter-widgets/html-manager is not installed. */
export function htmlManagerDist(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve("@jupyter-widgets/html-manager/package.json");
    const dist = join(dirname(pkg), "dist");
    return existsSync(join(dist, "embed-amd.js")) ? dist : undefined;
  } catch {
    return undefined;
  }
}

/** Copies embed-amd.js and its fonts into `<outDir>/widgets`; returns false when the package is missing. */
export function copyWidgetManager(outDir: string): boolean {
  const dist = htmlManagerDist();
  if (dist === undefined) return false;
  mkdirSync(join(outDir, WIDGETS_DIR), { recursive: true });
  for (const file of readdirSync(dist)) {
    if (file === "embed-amd.js" || /\.(woff2?|ttf|eot|svg)$/.test(file)) copyFileSync(join(dist, file), join(outDir, WIDGETS_DIR, file));
  }
  return true;
}
