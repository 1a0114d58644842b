/**
 * The notebook-wide switch for figures' pictures, as plotly's `pio.renderers.default` (and its
 * `PLOTLY_RENDERER` variable) or matplotlib's `%config InlineBackend.figure_formats` set how
 * every later figure shows: `figurePictures(true)` in a cell, or `TSDL_FIGURE_PICTURES=1` in the
 * kernel's environment (a kernelspec's `env`, a JupyterHub spawner) before it starts. When on,
 * every figure displayed afterwards carries its picture, as `fig.withImage()` gives one figure:
 * GitHub, nbviewer, nbconvert and LaTeX exports and untrusted JupyterLab then show it. The
 * picture is drawn when the figure is displayed, by one headless Chromium run that the display
 * waits for (see png-sync.ts), and kept until the figure changes.
 */

/** The environment variable that turns the switch on for a whole kernel: 1/true/yes/on, or 0/false/no/off. */
export const PICTURES_ENV = "TSDL_FIGURE_PICTURES";

let setting: boolean | undefined;

function fromEnv(): boolean {
  const raw = (typeof process !== "undefined" ? process.env[PICTURES_ENV] : undefined) ?? "";
  const v = raw.trim().toLowerCase();
  if (["", "0", "false", "no", "off"].includes(v)) return false;
  if (["1", "true", "yes", "on"].includes(v)) return true;
  throw new RangeError(`${PICTURES_ENV}=${JSON.stringify(raw)}: expected 1, true, yes or on (pictures) or 0, false, no or off`);
}

/**
 * Whether every displayed figure carries its picture; with an argument, turns that on or off
 * for the figures displayed from now on and returns the new setting.
 */
export function figurePictures(on?: boolean): boolean {
  if (on !== undefined) {
    if (typeof on !== "boolean") throw new TypeError(`figurePictures: expected true or false, got ${JSON.stringify(on)}`);
    setting = on;
  }
  setting ??= fromEnv();
  return setting;
}
