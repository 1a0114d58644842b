/**
 * Values → MIME bundles, and the display API cells call. A value with a
 * `[Symbol.for("Jupyter.display")]()` method shows its own bundle (the convention Deno's
 * kernel uses, so libraries never import a kernel); anything else shows as `util.inspect` text.
 */
import { inspect } from "node:util";
import type { Broadcasts, MimeBundle } from "./messages.js";

export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

export interface DisplayOptions {
  displayId?: string;
  update?: boolean;
  metadata?: Record<string, unknown>;
}

export class DisplayError extends Error {
  override name = "DisplayError";
}

/** The bundle (and metadata) a value shows as. Binary data becomes base64; JSON types stay objects. */
export function toBundle(value: unknown): { data: MimeBundle; metadata: Record<string, unknown> } {
  const method = (value as Record<symbol, unknown> | null | undefined)?.[JUPYTER_DISPLAY];
  if ((typeof value === "object" || typeof value === "function") && value !== null && typeof method === "function") {
    const bundle: unknown = method.call(value);
    if (typeof bundle !== "object" || bundle === null || Array.isArray(bundle)) {
      throw new DisplayError(`[Symbol.for("Jupyter.display")]() returned ${inspect(bundle)}, expected a MIME bundle object`);
    }
    const data: MimeBundle = {};
    for (const [mime, content] of Object.entries(bundle)) data[mime] = encode(mime, content);
    return { data, metadata: {} };
  }
  return { data: { "text/plain": inspect(value) }, metadata: {} };
}

function encode(mime: string, content: unknown): unknown {
  if (content instanceof Uint8Array) return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString("base64");
  if (content instanceof ArrayBuffer) return Buffer.from(content).toString("base64");
  if (typeof content === "string" || mime === "application/json" || mime.endsWith("+json")) return content;
  return typeof content === "object" && content !== null ? content : String(content);
}

/** A value that displays as `bundle`. */
export function displayable(bundle: MimeBundle, text: string): object {
  return { [JUPYTER_DISPLAY]: () => bundle, [inspect.custom]: () => text };
}

type Send = <K extends "display_data" | "update_display_data" | "clear_output">(type: K, content: Broadcasts[K]) => void;

/** The globals cells see: display, clearOutput, html, markdown, svg, png, jpeg, prompt. */
export function createDisplayGlobals(send: Send, readInput: (prompt: string, password: boolean) => string): Record<string, unknown> {
  const display = (value: unknown, options: DisplayOptions = {}): void => {
    const { data, metadata } = toBundle(value);
    const merged = { ...metadata, ...options.metadata };
    if (options.update) {
      if (options.displayId === undefined) throw new DisplayError("display: { update: true } needs a displayId to update");
      send("update_display_data", { data, metadata: merged, transient: { display_id: options.displayId } });
      return;
    }
    send("display_data", { data, metadata: merged, ...(options.displayId === undefined ? {} : { transient: { display_id: options.displayId } }) });
  };
  const image = (mime: string) => (bytes: Uint8Array | string) => {
    const base64 = typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    return displayable({ [mime]: base64, "text/plain": `<${mime} image>` }, `<${mime} image>`);
  };
  return {
    display,
    clearOutput: (options: { wait?: boolean } = {}) => send("clear_output", { wait: Boolean(options.wait) }),
    html: (source: string) => displayable({ "text/html": source, "text/plain": source }, source),
    markdown: (source: string) => displayable({ "text/markdown": source, "text/plain": source }, source),
    svg: (source: string) => displayable({ "image/svg+xml": source, "text/plain": "<svg image>" }, "<svg image>"),
    png: image("image/png"),
    jpeg: image("image/jpeg"),
    prompt: (message = "", options: { password?: boolean } = {}) => readInput(String(message), Boolean(options.password)),
  };
}
