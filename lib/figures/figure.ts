import { randomBytes } from "node:crypto";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/jupyter.js";
import { describeFigure } from "./describe.js";
import { plotlyHtml } from "./plotly-html.js";
import type { Config, FigureSpec, Layout, Trace } from "./types.js";

/** The MIME type JupyterLab's plotly extension and VS Code render natively. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Config every figure starts from: resize with the page, no plotly.com link. */
export const DEFAULT_CONFIG: Config = { responsive: true, displaylogo: false };

/**
 * A plotly figure that displays itself in a notebook: one bundle with
 * `application/vnd.plotly.v1+json`, a self-drawing `text/html` and a `text/plain` summary.
 *
 * Figures are plain data (`data`, `layout`, `config`), cheap to change and re-display:
 * a live training plot pushes onto a trace's `y` and calls
 * `display(fig, { displayId, update: true })` again.
 * @see notebooks/01-gradient-descent.ipynb
 */
export class Figure {
  data: Trace[];
  layout: Layout;
  config: Config;

  constructor(spec: { data?: Trace[]; layout?: Layout; config?: Config } = {}) {
    this.data = spec.data ?? [];
    this.layout = spec.layout ?? {};
    this.config = { ...DEFAULT_CONFIG, ...(spec.config ?? {}) };
  }

  /** Adds a trace and returns its index. */
  addTrace(trace: Trace): number {
    this.data.push(trace);
    return this.data.length - 1;
  }

  /** Appends points to trace `index` (for live plots), returning `this`. */
  extendTrace(index: number, points: { x?: unknown[]; y: unknown[] }): this {
    const trace = this.data[index];
    if (trace === undefined) throw new RangeError(`extendTrace: no trace ${index}; the figure has ${this.data.length}`);
    if (points.x !== undefined && points.x.length !== points.y.length) {
      throw new RangeError(`extendTrace: ${points.x.length} x values but ${points.y.length} y values`);
    }
    trace.y = [...(trace.y ?? []), ...points.y];
    if (points.x !== undefined) trace.x = [...(trace.x ?? []), ...points.x];
    return this;
  }

  /** Merges layout attributes (shallow) and returns `this`. */
  updateLayout(layout: Layout): this {
    Object.assign(this.layout, layout);
    return this;
  }

  /** The figure as plotly JSON (a deep copy). */
  toJSON(): FigureSpec {
    return JSON.parse(JSON.stringify({ data: this.data, layout: this.layout, config: this.config })) as FigureSpec;
  }

  /** What the figure shows, in words: title, axes, series and ranges. */
  toString(): string {
    return describeFigure(this.toJSON());
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    const spec = this.toJSON();
    const id = `tsdl-fig-${randomBytes(6).toString("hex")}`;
    const text = describeFigure(spec);
    return {
      [PLOTLY_MIME]: spec,
      "text/html": plotlyHtml(spec, { id, placeholder: text }),
      "text/plain": text,
    };
  }
}

/** Creates a figure from traces and layout. */
export function createFigure(data: Trace[] = [], layout: Layout = {}, config: Config = {}): Figure {
  return new Figure({ data, layout, config });
}
