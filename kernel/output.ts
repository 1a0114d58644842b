/**
 * Where a cell's output goes. Every cell runs inside an AsyncLocalStorage context holding its
 * request, so a timer or promise a cell started still prints under that cell even after the
 * next one began. `process.stdout` / `process.stderr` writes (and so `console.*`) are captured,
 * buffered and sent in chunks, in order; `flush()` empties the buffer before a reply or idle.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { StringDecoder } from "node:string_decoder";
import type { Broadcasts, Message, MimeBundle } from "./messages.js";

/** The cell a piece of output belongs to. */
export interface CellContext {
  parent: Message;
  allowStdin: boolean;
  /** While set, output goes here instead of to iopub (an Output widget capturing it). */
  sink?: OutputSink;
}

/** Output taken away from iopub, in nbformat's output shapes. */
export type CapturedOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: MimeBundle; metadata: Record<string, unknown>; displayId?: string; update?: boolean }
  | { output_type: "clear_output"; wait: boolean };
export type OutputSink = (output: CapturedOutput) => void;

/** Metadata and binary buffers a published message carries besides its content. */
export interface Extras {
  metadata?: Record<string, unknown>;
  buffers?: Uint8Array[];
}

export type Publish = <K extends keyof Broadcasts>(type: K, content: Broadcasts[K], parent: Message, extras?: Extras) => void;
type StreamName = "stdout" | "stderr";

/**
 * Where the kernel puts `capture` on globalThis: `capture(sink, fn)` runs `fn` with its output
 * sent to `sink` (an Output widget), so the library can capture output without importing the kernel.
 */
export const JUPYTER_CAPTURE = Symbol.for("Jupyter.capture");

/** Text buffered before it is sent as one stream message. */
const CHUNK_CHARS = 64 * 1024;
/** How long output may wait in the buffer for more to join it. */
const FLUSH_DELAY_MS = 10;

export interface Output {
  /**
   * Run `fn` as part of the cell `context`; everything it starts, prints there. Unless `latest`
   * is false (a frontend's comm message), the context also takes output that belongs to no one.
   */
  runIn<T>(context: CellContext, fn: () => T, options?: { latest?: boolean }): T;
  /** The cell that is printing now (the latest cell when nothing else claims it). */
  current(): CellContext | undefined;
  write(name: StreamName, text: string): void;
  /**
   * Publish a non-stream message for the current cell, after the text printed before it.
   * Inside `capture`, display_data and clear_output go to the sink instead.
   */
  publish<K extends keyof Broadcasts>(type: K, content: Broadcasts[K], extras?: Extras): void;
  /** Run `fn` with its stream output and displays (and everything it starts) sent to `sink`. */
  capture<T>(sink: OutputSink, fn: () => T): T;
  flush(): void;
  /** Route `process.stdout` and `process.stderr` here. */
  install(): void;
}

export function createOutput(publish: Publish): Output {
  const storage = new AsyncLocalStorage<CellContext>();
  let latest: CellContext | undefined;
  let buffer: { name: StreamName; parent: Message; text: string } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const current = () => storage.getStore() ?? latest;

  function flush(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    const pending = buffer;
    buffer = undefined;
    if (pending !== undefined && pending.text !== "") publish("stream", { name: pending.name, text: pending.text }, pending.parent);
  }

  function write(name: StreamName, text: string): void {
    const context = current();
    const parent = context?.parent;
    if (parent === undefined || text === "") return;
    if (context?.sink !== undefined) {
      context.sink({ output_type: "stream", name, text });
      return;
    }
    if (buffer !== undefined && (buffer.name !== name || buffer.parent !== parent)) flush();
    if (buffer === undefined) buffer = { name, parent, text: "" };
    buffer.text += text;
    while (buffer !== undefined && buffer.text.length >= CHUNK_CHARS) {
      const cut = buffer.text.lastIndexOf("\n", CHUNK_CHARS) + 1 || CHUNK_CHARS;
      const rest = buffer.text.slice(cut);
      buffer.text = buffer.text.slice(0, cut);
      flush();
      if (rest !== "") buffer = { name, parent, text: rest };
    }
    if (buffer !== undefined && timer === undefined) {
      timer = setTimeout(flush, FLUSH_DELAY_MS);
      timer.unref();
    }
  }

  return {
    runIn(context, fn, options = {}) {
      if (options.latest !== false) latest = context;
      return storage.run(context, fn);
    },
    current,
    write,
    publish(type, content, extras) {
      const context = current();
      if (context === undefined) return;
      if (context.sink !== undefined && (type === "display_data" || type === "update_display_data" || type === "clear_output")) {
        const c = content as Broadcasts["display_data"] | Broadcasts["clear_output"];
        if ("wait" in c) context.sink({ output_type: "clear_output", wait: c.wait });
        else {
          const displayId = c.transient?.display_id;
          context.sink({ output_type: "display_data", data: c.data, metadata: c.metadata, ...(displayId === undefined ? {} : { displayId }), update: type === "update_display_data" });
        }
        return;
      }
      flush();
      publish(type, content, context.parent, extras);
    },
    capture(sink, fn) {
      const context = current();
      if (context === undefined) return fn();
      return storage.run({ ...context, sink }, fn);
    },
    flush,
    install() {
      for (const name of ["stdout", "stderr"] as const) {
        const stream = process[name];
        const decoder = new StringDecoder("utf8");
        stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
          const done = typeof encoding === "function" ? encoding : callback;
          const text =
            typeof chunk === "string" ? chunk
            : chunk instanceof Uint8Array ? decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
            : String(chunk);
          write(name, text);
          if (typeof done === "function") process.nextTick(done as () => void);
          return true;
        }) as typeof stream.write;
      }
    },
  };
}
