/**
 * The static course site: each executed lesson as an nbconvert HTML page, an index, and
 * local copies of every script the pages load (plotly.js, require.js, MathJax, the widget
 * manager), so the
 * site works offline: nbconvert's defaults point at CDNs.
 * @see notebooks/00-welcome.ipynb
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PLOTLY_JS_FILE, plotlyJsPath } from "../../lib/figures/index.js";
import { interactiveFigures } from "./figure-images.js";
import { serialise } from "./ipynb.js";
import type { Notebook } from "./ipynb.js";
import { indexPage } from "./site-index.js";
import type { LessonInfo } from "./lessons.js";
import { PYTHON, pythonHelper, run } from "./jupyter.js";
import { packageRoot } from "./paths.js";
import { rewriteRepoLinks } from "./site-links.js";
import { copyWidgetManager, WIDGET_RENDERER_URL } from "./site-widgets.js";

/** Debian's require.js (package libjs-requirejs), which nbconvert's lab template loads. */
export const DEBIAN_REQUIREJS = "/usr/share/javascript/requirejs/require.min.js";
/** Debian's MathJax 2 (package libjs-mathjax), the version nbconvert 6 pages are written for. */
export const DEBIAN_MATHJAX = "/usr/share/javascript/mathjax";
/** The parts of MathJax 2 that TeX-AMS_CHTML-full needs (1.5 MB of its 54 MB). */
const MATHJAX_PARTS = ["MathJax.js", "config", "extensions", "jax/input/TeX", "jax/element", "jax/output/CommonHTML", "fonts/HTML-CSS/TeX/woff", "localization/en"];
const MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe";

export interface SiteOptions {
  outDir: string;
  /** Executed lesson notebooks, in lesson order. */
  notebooks: string[];
  lessons: LessonInfo[];
  /** The student versions' folder, relative to the site. */
  studentDir: string;
}

/** Writes the site; returns warnings (a missing local script copy) for the caller to print. */
export async function renderSite(options: SiteOptions): Promise<string[]> {
  const warnings: string[] = [];
  mkdirSync(options.outDir, { recursive: true });
  copyFileSync(plotlyJsPath(), join(options.outDir, PLOTLY_JS_FILE));
  if (existsSync(DEBIAN_REQUIREJS)) copyFileSync(DEBIAN_REQUIREJS, join(options.outDir, "require.min.js"));
  else warnings.push(`${DEBIAN_REQUIREJS} not found (Debian package libjs-requirejs): pages will log a missing require.min.js`);
  if (existsSync(join(DEBIAN_MATHJAX, "MathJax.js"))) {
    for (const part of MATHJAX_PARTS) {
      const from = join(DEBIAN_MATHJAX, part);
      if (existsSync(from)) cpSync(from, join(options.outDir, "mathjax", part), { recursive: true, dereference: true });
    }
  } else {
    warnings.push(`${DEBIAN_MATHJAX} not found (Debian package libjs-mathjax): formulas will show as TeX source`);
  }
  // The stored notebooks keep each spec once (plotly JSON) and its picture once (PNG); the
  // site's pages draw interactively, so they get copies whose HTML carries both again.
  const staging = mkdtempSync(join(tmpdir(), "tsdl-site-"));
  const staged = options.notebooks.map((nb) => {
    const path = join(staging, basename(nb));
    writeFileSync(path, serialise(interactiveFigures(JSON.parse(readFileSync(nb, "utf8")) as Notebook)));
    return path;
  });
  const widgets = copyWidgetManager(options.outDir);
  if (!widgets) warnings.push("@jupyter-widgets/html-manager not installed (npm install): saved widgets will show as text");
  const args = [pythonHelper("render.py"), options.outDir, ...staged, "--require-js", "require.min.js", "--mathjax", MATHJAX_URL,
    ...(widgets ? ["--widget-renderer", WIDGET_RENDERER_URL] : [])];
  const { code, stderr } = await run(PYTHON, args, process.env);
  rmSync(staging, { recursive: true, force: true });
  if (code !== 0) throw new Error(`nbconvert failed to render ${options.notebooks.map((n) => basename(n)).join(", ")}:\n${stderr}`);
  for (const notebook of options.notebooks) {
    const page = join(options.outDir, `${basename(notebook, ".ipynb")}.html`);
    writeFileSync(page, rewriteRepoLinks(readFileSync(page, "utf8"), { root: packageRoot(), siteDir: options.outDir }));
  }
  writeFileSync(join(options.outDir, "index.html"), indexPage(options.lessons, { title: "tsdl — neural networks in TypeScript notebooks", studentDir: options.studentDir }));
  return warnings;
}
