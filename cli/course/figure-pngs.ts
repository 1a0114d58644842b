/**
 * Many plotly figures → PNGs with one headless Chromium: a page draws each figure in turn
 * with plotly's own `toImage` and the DOM dump carries the images back. One browser per
 * notebook instead of one per figure (a start costs ~2 s on two shared cores).
 * @see notebooks/00-welcome.ipynb
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { plotlyJsPath } from "../../lib/figures/index.js";
import type { FigureSpec } from "../../lib/figures/index.js";

const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 450;

/** JSON safe inside a `<script>` element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

function page(specs: FigureSpec[]): string {
  const sized = specs.map((spec) => {
    const width = typeof spec.layout["width"] === "number" ? spec.layout["width"] : DEFAULT_WIDTH;
    const height = typeof spec.layout["height"] === "number" ? spec.layout["height"] : DEFAULT_HEIGHT;
    return { data: spec.data, layout: { ...spec.layout, width, height }, config: { ...spec.config, staticPlot: true }, width, height };
  });
  return `<!doctype html><html><body style="margin:0"><div id="g"></div><pre id="out"></pre>
<script src="${pathToFileURL(plotlyJsPath()).href}"></script>
<script>
var specs = ${scriptJson(sized)};
var images = [];
specs.reduce(function (prev, s) {
  return prev.then(function () {
    return Plotly.newPlot("g", s.data, s.layout, s.config)
      .then(function (gd) { return Plotly.toImage(gd, { format: "png", width: s.width, height: s.height }); })
      .then(function (url) { images.push(url); Plotly.purge("g"); }, function (e) { images.push("ERROR " + e); });
  });
}, Promise.resolve()).then(function () {
  document.getElementById("out").textContent = "PNGS:" + JSON.stringify(images) + ":END";
});
</script></body></html>`;
}

/** PNG bytes for each figure, in order; throws naming the figure plotly could not draw. */
export async function figurePngs(specs: FigureSpec[], options: { chromium: string; timeoutMs?: number }): Promise<Buffer[]> {
  if (specs.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), "tsdl-pngs-"));
  try {
    const file = join(dir, "figures.html");
    writeFileSync(file, page(specs));
    const dom = await dumpDom(options.chromium, pathToFileURL(file).href, join(dir, "profile"), options.timeoutMs ?? 300_000);
    const match = /PNGS:(.*?):END/s.exec(dom);
    if (match === null) throw new Error(`figure images: Chromium returned no images for ${specs.length} figure(s) (page: ${dom.slice(0, 200)})`);
    const urls = JSON.parse(match[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")) as string[];
    return urls.map((url, i) => {
      if (!url.startsWith("data:image/png;base64,")) throw new Error(`figure images: figure ${i + 1} (${String((specs[i]?.layout["title"] as { text?: string } | undefined)?.text ?? "untitled")}) failed: ${url}`);
      return Buffer.from(url.slice("data:image/png;base64,".length), "base64");
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function dumpDom(chromium: string, url: string, profile: string, timeoutMs: number): Promise<string> {
  const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--allow-file-access-from-files",
    `--virtual-time-budget=${timeoutMs}`, "--dump-dom", url];
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs + 30_000);
    child.on("error", (e) => { clearTimeout(timer); reject(new Error(`figure images: could not start ${chromium}: ${e.message}`)); });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const dom = Buffer.concat(chunks).toString();
      if (dom.includes(":END")) resolve(dom);
      else reject(new Error(`figure images: ${chromium} exited with ${signal ?? code}: ${stderr.trim().slice(-500)}`));
    });
  });
}
