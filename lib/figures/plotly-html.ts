import type { FigureSpec } from "./types.js";

/**
 * The `text/html` form of a figure: a `<div>` holding the figure's picture (or, without one,
 * its text summary), the figure's JSON and a small loader script that swaps the picture for
 * the interactive plot once plotly.js has loaded.
 *
 * Design (why it looks like this):
 * - The picture comes first. Viewers that run no scripts (GitHub, nbviewer, JupyterLab on an
 *   untrusted notebook, an offline nbconvert export) show the `<img>` with its `data:` URI.
 *   If plotly.js never loads, the picture stays and nothing says "failed"; only a figure
 *   without a picture says, under its text summary, that plotly.js was not found.
 * - plotly.js is ~4.8 MB, so it is never inlined. Every figure's script carries its own
 *   loader, so a figure draws by itself even when the cell that first loaded plotly.js
 *   was cleared or re-run, and in any order of cells.
 * - plotly.js is loaded at most once per page: one shared promise
 *   (`window.__tsdlPlotlyPromise`), kept also when loading failed (100 figures on a page
 *   without plotly.js make one round of requests, not 100); a `<script data-tsdl-plotly>`
 *   another copy of the loader inserted is waited for (its `load` event), never inserted
 *   twice. URLs are tried in this order:
 *     1. `window.__tsdlPlotlyUrl`, if a page set it;
 *     2. the Jupyter server's kernelspec resource URL
 *        `<base_url>kernelspecs/<name>/plotly.min.js` — `tsdl install` copies plotly.min.js
 *        into the kernelspec directory; `<name>` is `$TSDL_KERNELSPEC_NAME` when the figure
 *        is made (the kernelspec sets it), else "tsdl"; `<base_url>` comes from the
 *        `#jupyter-config-data` JSON's `baseUrl` (JupyterLab 4, Notebook 7) or
 *        `<body data-base-url>` (classic Notebook); skipped on pages with neither (nbconvert);
 *     3. `plotly.min.js` relative to the page (the course site build puts it beside
 *        exported HTML pages).
 * - require.js (classic Notebook, nbconvert's lab and classic templates): a script that
 *   calls an anonymous `define()` from a plain `<script>` breaks require.js ("Mismatched
 *   anonymous define()"); plotly.js ≤ 1.x did that. plotly.js-dist-min 4.x's wrapper
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

/** A figure's static picture, as an `<img>` shows it. */
export interface FigurePicture {
  /** A `data:image/png;base64,…` or `data:image/svg+xml,…` URI. */
  src: string;
  /** Size in CSS pixels (the picture is drawn at the figure's layout size). */
  width: number;
  height: number;
}

/** Options for {@link plotlyHtml}. */
export interface PlotlyHtmlOptions {
  /** The id of the `<div>`; unique per displayed output. */
  id: string;
  /** The kernelspec whose resources hold plotly.min.js (default: `$TSDL_KERNELSPEC_NAME` or "tsdl"). */
  kernelspecName?: string;
  /** What the figure shows, in words: the picture's `alt`, or the text shown without a picture. */
  placeholder?: string;
  /** The static picture shown until (and unless) plotly draws. */
  picture?: FigurePicture;
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
    var cfg = document.getElementById("jupyter-config-data");
    if (cfg) base = JSON.parse(cfg.textContent || "{}").baseUrl || null;
    if (!base && document.body) base = document.body.getAttribute("data-base-url");
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
    s.setAttribute("data-tsdl-plotly", url);
    s.onload = function () { done(); s.setAttribute("data-tsdl-loaded", "1"); window.Plotly && window.Plotly.newPlot ? resolve(window.Plotly) : reject(new Error(url + " did not define Plotly")); };
    s.onerror = function () { done(); s.parentNode && s.parentNode.removeChild(s); reject(new Error("could not load " + url)); };
    s.src = url;
    document.head.appendChild(s);
  });
}
function tsdlAwaitScript(s) {
  return new Promise(function (resolve, reject) {
    function check() { window.Plotly && window.Plotly.newPlot ? resolve(window.Plotly) : reject(new Error("plotly.js did not load")); }
    s.addEventListener("load", check);
    s.addEventListener("error", function () { reject(new Error("could not load " + s.src)); });
  });
}
function tsdlPlotly(kernelspec, file) {
  if (window.Plotly && window.Plotly.newPlot) return Promise.resolve(window.Plotly);
  if (!window.__tsdlPlotlyPromise) {
    var pending = document.querySelector("script[data-tsdl-plotly]:not([data-tsdl-loaded])");
    if (pending) {
      window.__tsdlPlotlyPromise = tsdlAwaitScript(pending);
    } else {
      var urls = tsdlPlotlyUrls(kernelspec, file), tried = [];
      var p = urls.reduce(function (prev, url) {
        return prev.catch(function () { tried.push(url); return tsdlLoadScript(url); });
      }, Promise.reject(new Error("start")));
      window.__tsdlPlotlyPromise = p.catch(function () {
        throw new Error("plotly.js not found; tried: " + tried.join(", "));
      });
    }
  }
  return window.__tsdlPlotlyPromise;
}`;

/** The figure's `<div>`: its picture, else its text summary, which the loader replaces with the plot. */
function figureHtml(options: PlotlyHtmlOptions): string {
  const { id, picture } = options;
  const summary = options.placeholder ?? "Figure";
  const inner = picture !== undefined
    ? `<img class="tsdl-figure-image" src="${escapeHtml(picture.src)}" width="${Math.round(picture.width)}" height="${Math.round(picture.height)}" alt="${escapeHtml(summary)}" style="max-width:100%;height:auto;">`
    : `<pre class="tsdl-figure-placeholder" style="color:#777;font-size:12px;white-space:pre-wrap;">${escapeHtml(summary)}</pre>`;
  return `<div id="${id}" class="tsdl-figure" style="width:100%;">${inner}</div>`;
}

/** The HTML of one figure: {@link figureHtml} plus the self-sufficient loader script that draws `spec`. */
export function plotlyHtml(spec: FigureSpec, options: PlotlyHtmlOptions): string {
  const { id, kernelspecName = defaultKernelspecName() } = options;
  return `${figureHtml(options)}
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
    var stand = div.querySelector(".tsdl-figure-image, .tsdl-figure-placeholder");
    if (stand) div.removeChild(stand);
    Promise.resolve().then(function () { return Plotly.newPlot(div, spec.data, spec.layout, spec.config || {}); }).catch(function (err) {
      Plotly.purge && Plotly.purge(div);
      if (stand) div.appendChild(stand);
      div.setAttribute("data-tsdl-error", String(err && err.message || err));
    });
  }
  tsdlPlotly(${scriptSafeJson(kernelspecName)}, ${scriptSafeJson(PLOTLY_JS_FILE)}).then(function (Plotly) { draw(Plotly, 0); }, function (err) {
    var div = target();
    if (!div) return;
    div.setAttribute("data-tsdl-error", err.message);
    var text = div.querySelector(".tsdl-figure-placeholder");
    if (text && !div.querySelector(".tsdl-figure-image")) text.appendChild(document.createTextNode("\\n(interactive figure: " + err.message + ")"));
  });
})();
</script>`;
}
