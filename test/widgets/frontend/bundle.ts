/**
 * Builds the widget test page: page.ts and everything it imports (ipywidgets 8's html-manager,
 * base, controls, output; @jupyterlab/services 7; their CSS and fonts) into one folder with an
 * index.html, using esbuild. Done once per test run, in a second or two.
 */
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

const INDEX = `<!doctype html>
<html><head><meta charset="utf-8"><title>tsdl widgets</title><link rel="stylesheet" href="page.css"></head>
<body style="margin:16px;font-family:sans-serif"><div id="outputs" style="width:640px"></div><script src="page.js"></script></body></html>
`;

/** Writes index.html, page.js and page.css (and the fonts they use) into `dir`. */
export async function bundleWidgetPage(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(ROOT, "test", "widgets", "frontend", "page.ts")],
    bundle: true,
    outfile: join(dir, "page.js"),
    format: "iife",
    platform: "browser",
    target: "es2020",
    logLevel: "error",
    loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file", ".svg": "file", ".png": "file", ".gif": "file" },
    banner: { js: 'var __webpack_public_path__ = "";' }, // html-manager sets its asset path as if webpack built it
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
  });
  writeFileSync(join(dir, "index.html"), INDEX);
}
