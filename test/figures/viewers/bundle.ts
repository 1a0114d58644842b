import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../../cli/course/paths.js";

/**
 * Bundles viewers/page.js with esbuild into one script (a few seconds; done once per run).
 * jupyterlab-plotly 5.24 imports `plotly.js/dist/plotly` and Lumino 1; here it gets
 * plotly.js-dist 2.35 (what its own build bundles) and JupyterLab 4's Lumino, as in a Lab 4 install.
 */
export async function bundleViewers(): Promise<string> {
  const require = createRequire(join(packageRoot(), "package.json"));
  const esbuild = (await import("esbuild")) as typeof import("esbuild");
  const out = join(mkdtempSync(join(tmpdir(), "tsdl-viewers-")), "viewers.js");
  const widgets = require.resolve("@lumino/widgets");
  const plotly235 = require.resolve("plotly.js-dist/plotly.js");
  await esbuild.build({
    entryPoints: [join(packageRoot(), "test/figures/viewers/page.js")],
    bundle: true, format: "iife", outfile: out, logLevel: "error", platform: "browser", target: "chrome120",
    loader: { ".css": "empty", ".svg": "dataurl" },
    define: { "process.env.NODE_ENV": '"production"', global: "window" },
    plugins: [{
      name: "viewer-deps",
      setup(build) {
        build.onResolve({ filter: /^plotly\.js\/dist\/plotly$/ }, () => ({ path: plotly235 }));
        build.onResolve({ filter: /^@lumino\/widgets$/ }, () => ({ path: widgets }));
      },
    }],
  });
  return out;
}
