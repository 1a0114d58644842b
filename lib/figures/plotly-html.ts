import type { FigureSpec } from "./types.js";

/**
 * The `text/html` form of a figure: a `<div>`, the figure's JSON and a small loader script.
 *
 * Design (why it looks like this):
 * - plotly.js is ~4.8 MB, so it is never inlined. Every figure's script carries its own
 *   loader, so a figure draws by itself even when the cell that first loaded plotly.js
 *   was cleared or re-run, and in any order of cells.
 * - If `window.Plotly` exists the figure draws at once. Otherwise plotly.min.js is loaded
 *   once per page, through one shared promise (`window.__tsdlPlotlyPromise`), from the
 *   first URL that works, in this order:
 *     1. `window.__tsdlPlotlyUrl`, if a page set it;
 *     2. the Jupyter server's kernelspec resource URL
 *        `<base_url>kernelspecs/<name>/plotly.min.js` — `tsdl install` copies plotly.min.js
 *        into the kernelspec directory; `<name>` is `$TSDL_KERNELSPEC_NAME` when the figure
 *        is made (the kernelspec sets it), else "tsdl"; `<base_url>` comes from
 *        `document.body.dataset.baseUrl` (classic Notebook) or the `#jupyter-config-data`
 *        JSON (JupyterLab, Notebook 7); skipped on pages that have neither (nbconvert);
 *     3. `plotly.min.js` relative to the page (the course site build puts it beside
 *        exported HTML pages).
 *   A failed load clears the shared promise, so a later figure tries again. If nothing
 *   loads, the figure's `<div>` says which URLs were tried.
 * - require.js (classic Notebook, nbconvert's lab and classic templates): a script that
 *   calls an anonymous `define()` from a plain `<script>` breaks require.js ("Mismatched
 *   anonymous define()"); plotly.js ≤ 1.x did that. plotly.js-dist-min 4.1.2's wrapper
 *   never calls `define` (it checks `module.exports`, else sets `window.Plotly`), and the
 *   loader additionally hides `define.amd` while the script loads, so any UMD build
 *   takes its browser-global branch. No CDN is ever used.
 * - The script finds its `<div>` through `document.currentScript` (JupyterLab re-creates
 *   script tags in detached nodes; they run once attached), then by id, retrying for a
 *   minute (the classic Notebook's jQuery may run the script before the output is attached).
 * - No network access other than those URLs; nothing is sent anywhere.
 */

/** The file name plotly.js is published under, beside pages and in the kernelspec. */
export const PLOTLY_JS_FILE = "plotly.min.js";

/** The environment variable naming the installed kernelspec (set by `tsdl install`). */
export const KERNELSPEC_ENV = "TSDL_KERNELSPEC_NAME";

/** Options for {@link plotlyHtml}. */
export interface PlotlyHtmlOptions {
  /** The id of the `<div>`; unique per displayed output. */
  id: string;
  /** The kernelspec whose resources hold plotly.min.js (default: `$TSDL_KERNELSPEC_NAME` or "tsdl"). */
  kernelspecName?: string;
  /** Height of the placeholder before plotly draws, in pixels. */
  height?: number;
  /** What the placeholder says until the figure draws (e.g. the figure's text summary). */
  placeholder?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no U+2028/2029). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The kernelspec name figures made in this process point at. */
export function defaultKernelspecName(): string {
  const fromEnv = typeof process !== "undefined" ? process.env[KERNELSPEC_ENV] : undefined;
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : "tsdl";
}

// The loader, as it runs in the browser. Kept as plain ES5 so any notebook front end runs it.
const LOADER = String.raw`
function tsdlPlotlyUrls(kernelspec, file) {
  var urls = [];
  if (window.__tsdlPlotlyUrl) urls.push(window.__tsdlPlotlyUrl);
  var base = null;
  try {
    if (document.body && document.body.getAttribute("data-base-url")) base = document.body.getAttribute("data-base-url");
    var cfg = document.getElementById("jupyter-config-data");
    if (!base && cfg) base = JSON.parse(cfg.textContent || "{}").baseUrl || null;
  } catch (e) { base = null; }
  if (base) urls.push(base.replace(/\/?$/, "/") + "kernelspecs/" + encodeURIComponent(kernelspec) + "/" + file);
  urls.push(file);
  return urls;
}
function tsdlLoadScript(url) {
  return new Promise(function (resolve, reject) {
    var s = document.createElement("script");
    var def = window.define, amd = def && def.amd;
    if (amd) def.amd = undefined;
    function done() { if (amd) def.amd = amd; }
    s.onload = function () { done(); window.Plotly && window.Plotly.newPlot ? resolve(window.Plotly) : reject(new Error(url + " did not define Plotly")); };
    s.onerror = function () { done(); reject(new Error("could not load " + url)); };
    s.src = url;
    document.head.appendChild(s);
  });
}
function tsdlPlotly(kernelspec, file) {
  if (window.Plotly && window.Plotly.newPlot) return Promise.resolve(window.Plotly);
  if (!window.__tsdlPlotlyPromise) {
    var urls = tsdlPlotlyUrls(kernelspec, file), tried = [];
    var p = urls.reduce(function (prev, url) {
      return prev.catch(function () { tried.push(url); return tsdlLoadScript(url); });
    }, Promise.reject(new Error("start")));
    window.__tsdlPlotlyPromise = p.catch(function () {
      window.__tsdlPlotlyPromise = null;
      throw new Error("plotly.js could not be loaded; tried: " + tried.join(", "));
    });
  }
  return window.__tsdlPlotlyPromise;
}`;

/** The HTML of one figure: placeholder `<div>` plus the self-sufficient loader script. */
export function plotlyHtml(spec: FigureSpec, options: PlotlyHtmlOptions): string {
  const { id, kernelspecName = defaultKernelspecName() } = options;
  const height = options.height ?? (typeof spec.layout["height"] === "number" ? (spec.layout["height"] as number) : 450);
  // Shown where scripts do not run (an untrusted notebook, a viewer without JavaScript).
  const placeholder = `<pre class="tsdl-figure-placeholder" style="color:#777;font-size:12px;white-space:pre-wrap;">${escapeHtml(
    options.placeholder ?? "Figure",
  )}\n(interactive figure: drawn by plotly.js when the notebook is trusted and JavaScript runs)</pre>`;
  return `<div id="${id}" class="tsdl-figure" style="width:100%;min-height:${height}px;">${placeholder}</div>
<script type="text/javascript">
(function () {
${LOADER}
  var id = ${scriptSafeJson(id)};
  var spec = ${scriptSafeJson(spec)};
  var me = document.currentScript;
  function target() {
    var root = me && me.parentNode;
    return (root && root.querySelector && root.querySelector("#" + id)) || document.getElementById(id);
  }
  function draw(Plotly, attempt) {
    var div = target();
    if (!div) { if (attempt < 600) setTimeout(function () { draw(Plotly, attempt + 1); }, 100); return; }
    div.style.minHeight = "";
    div.textContent = "";
    Plotly.newPlot(div, spec.data, spec.layout, spec.config || {});
  }
  tsdlPlotly(${scriptSafeJson(kernelspecName)}, ${scriptSafeJson(PLOTLY_JS_FILE)}).then(function (Plotly) { draw(Plotly, 0); }, function (err) {
    var div = target();
    if (div) { div.style.minHeight = ""; div.textContent = "[figure not drawn: " + err.message + "]"; }
  });
})();
</script>`;
}
