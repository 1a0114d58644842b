/**
 * A progress bar with elapsed time and ETA that a notebook shows once and updates in place
 * (by display id). Outside a kernel it costs nothing: with no `display`, nothing is shown.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { JUPYTER_DISPLAY, type DisplayFn, type MimeBundle } from "./jupyter.js";

/** A bar that redraws itself through `display`, at most every `minIntervalMs`. */
export interface ProgressBar {
  /** Sets the progress to `done` of `total` steps; `note` follows the numbers (e.g. the loss). */
  update(done: number, note?: string): void;
  /** Redraws at 100% (or where it stopped) with the total time. */
  finish(note?: string): void;
}

/** Formats seconds as m:ss (or h:mm:ss). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

/** The bar as a displayable value: HTML `<progress>` and a text bar `[#####.....]`. */
export function progressBundle(done: number, total: number, label: string, elapsed: number, note = ""): MimeBundle {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
  const timing = done >= total ? `${formatDuration(elapsed)} total` : `${formatDuration(elapsed)} elapsed, ETA ${formatDuration(eta)}`;
  const width = 30;
  const filled = Math.round(fraction * width);
  const text = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} · ${timing}${note ? ` · ${note}` : ""}`;
  const html =
    `<div style="font-family:monospace">${label} <progress value="${done}" max="${total}" style="width:240px"></progress> ` +
    `${done}/${total} · ${timing}${note ? ` · ${note}` : ""}</div>`;
  return { "text/plain": text, "text/html": html };
}

let nextId = 0;

/** Creates a bar for `total` steps; the first `update` displays it, later ones update it in place. */
export function createProgressBar(options: {
  total: number;
  label?: string;
  display?: DisplayFn;
  minIntervalMs?: number;
}): ProgressBar {
  const { total, label = "", display, minIntervalMs = 250 } = options;
  const displayId = `tsdl-progress-${process.pid}-${Date.now()}-${nextId++}`;
  const start = performance.now();
  let shown = false;
  let lastDraw = -Infinity;
  let lastDone = 0;
  const draw = (done: number, note?: string) => {
    if (!display) return;
    const bundle = progressBundle(done, total, label, (performance.now() - start) / 1000, note);
    display({ [JUPYTER_DISPLAY]: () => bundle }, { displayId, update: shown });
    shown = true;
    lastDraw = performance.now();
  };
  return {
    update(done, note) {
      lastDone = done;
      if (performance.now() - lastDraw >= minIntervalMs || done >= total) draw(done, note);
    },
    finish(note) {
      draw(lastDone, note);
    },
  };
}
