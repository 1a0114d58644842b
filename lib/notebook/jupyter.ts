/**
 * The display convention shared with any Jupyter kernel that honours it (tsdl's, Deno's):
 * an object with a `[Symbol.for("Jupyter.display")]()` method returning a MIME bundle
 * displays itself. The library never imports a kernel; it only speaks this convention.
 * @see notebooks/00-welcome.ipynb
 */

/** The well-known symbol a displayable value carries. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type → data (strings; JSON values for `+json` types; base64 for images). */
export type MimeBundle = Record<string, unknown>;

/** A value that knows how to show itself in a notebook. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Options a kernel's `display()` accepts: a display id to update later, in place. */
export interface DisplayOptions {
  displayId?: string;
  update?: boolean;
}

/**
 * The `display` function a notebook passes to library code that shows progress live
 * (a training plot updating in place). Outside a kernel, pass nothing and nothing is shown.
 */
export type DisplayFn = (value: unknown, options?: DisplayOptions) => void;

/** True when `value` follows the display convention. */
export function isDisplayable(value: unknown): value is Displayable {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] === "function"
  );
}
