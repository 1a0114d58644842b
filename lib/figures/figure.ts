import { randomBytes } from "node:crypto";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/jupyter.js";
import { encodeTypedArrays } from "./bdata.js";
import { describeFigure } from "./describe.js";
import { pictureOf } from "./picture.js";
import { figurePictures } from "./pictures.js";
import { figuresToImagesSync } from "./png-sync.js";
import { plotlyHtml, type FigurePicture } from "./plotly-html.js";
import { roundSpec } from "./round.js";
import type { PngOptions } from "./png-page.js";
import type { Config, FigureSpec, Layout, Trace } from "./types.js";

/** The MIME type JupyterLab's plotly extension and VS Code render natively. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Config every figure starts from: resize with the page, no plotly.com link. */
export const DEFAULT_CONFIG: Config = { responsive: true, displaylogo: false };

/** A figure's picture, drawn for one state of its spec (a changed figure drops it). */
interface StaticImage {
  picture: FigurePicture;
  png: Buffer;
  /** The spec it shows, as JSON. */
  drawn: string;
}

/**
 * A plotly figure that displays itself in a notebook: one bundle with
 * `application/vnd.plotly.v1+json`, a self-drawing `text/html` and a `text/plain` summary.
 * After `await fig.withImage()`, or for every figure once `figurePictures(true)` (or
 * `TSDL_FIGURE_PICTURES=1`) turned the notebook-wide switch on, the bundle also carries the
 * figure's picture: an `<img>` in the `text/html` (what GitHub, nbviewer, an untrusted
 * JupyterLab notebook or an offline HTML export show) and `image/png` (PDF via LaTeX).
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
  /**
   * Whether the notebook-wide switch ({@link figurePictures}) draws this figure's picture when
   * it is displayed (default true). A live plot that re-displays many times a second sets it
   * to false for its passing states (the training plot draws one picture per epoch).
   */
  autoPicture = true;
  #image: StaticImage | undefined;

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

  /**
   * Draws the figure's picture with headless Chromium (as the course build does) and keeps
   * it for every later display, until the figure changes. Costs one Chromium start per call,
   * ~2.5–4 s on a 2-core machine (bench/figure-pictures.ts) (`withImages` draws many figures with one start).
   * @see notebooks/00-welcome.ipynb
   */
  async withImage(options: PngOptions = {}): Promise<this> {
    await withImages([this], options);
    return this;
  }

  /** @internal Set by {@link withImages}. */
  setImage(png: Buffer, picture: FigurePicture, drawn: string): void {
    this.#image = { png, picture, drawn };
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
    const spec = roundSpec(this.toJSON());
    const id = `tsdl-fig-${randomBytes(6).toString("hex")}`;
    const text = describeFigure(spec);
    const drawn = JSON.stringify(spec);
    if ((this.#image === undefined || this.#image.drawn !== drawn) && this.autoPicture && figurePictures()) {
      const [images] = figuresToImagesSync([spec]);
      this.setImage(images!.png, pictureOf(images!), drawn);
    }
    const image = this.#image !== undefined && this.#image.drawn === drawn ? this.#image : undefined;
    const stored = encodeTypedArrays(spec);
    return {
      [PLOTLY_MIME]: stored,
      "text/html": plotlyHtml(stored, { id, placeholder: text, ...(image ? { picture: image.picture } : {}) }),
      ...(image ? { "image/png": image.png.toString("base64") } : {}),
      "text/plain": text,
    };
  }
}

/** Draws the pictures of many figures with one Chromium start (see {@link Figure.withImage}). */
export async function withImages<F extends Figure[]>(figures: F, options: PngOptions = {}): Promise<F> {
  const { figuresToImages } = await import("./png.js"); // png.ts imports this file
  const specs = figures.map((f) => roundSpec(f.toJSON()));
  const images = await figuresToImages(specs, options);
  figures.forEach((f, i) => f.setImage(images[i]!.png, pictureOf(images[i]!), JSON.stringify(specs[i])));
  return figures;
}

/** Creates a figure from traces and layout. */
export function createFigure(data: Trace[] = [], layout: Layout = {}, config: Config = {}): Figure {
  return new Figure({ data, layout, config });
}
