/**
 * What a kernel offers widgets, seen from the library: a comm manager at
 * `globalThis[Symbol.for("Jupyter.comms")]` and an output capture at
 * `globalThis[Symbol.for("Jupyter.capture")]`. tsdl's kernel installs both; the library never
 * imports the kernel. Outside a kernel both are absent and widgets live without a frontend.
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#custom-messages
 */

/** One comm message: JSON data, metadata and binary buffers. */
export interface CommMessage {
  data: unknown;
  metadata: Record<string, unknown>;
  buffers: Uint8Array[];
}

/** Metadata and binary buffers to send along. */
export interface SendOptions {
  metadata?: Record<string, unknown>;
  buffers?: Uint8Array[];
}

/** An open comm: a two-way channel between kernel code and one frontend object. */
export interface Comm {
  readonly commId: string;
  readonly targetName: string;
  readonly closed: boolean;
  send(data: unknown, options?: SendOptions): void;
  close(data?: unknown, options?: SendOptions): void;
  /** `handler` receives each message the frontend sends; a returned promise is awaited. */
  onMsg(handler: (message: CommMessage) => unknown): void;
  onClose(handler: (message: CommMessage) => unknown): void;
}

/** The kernel's comm manager. */
export interface CommManager {
  /** Open a comm to the frontend's `targetName` (comm_open on iopub). */
  open(targetName: string, data?: unknown, options?: SendOptions & { commId?: string }): Comm;
  /** Answer the frontend's comm_open for `targetName` with `handler`. */
  registerTarget(targetName: string, handler: (comm: Comm, open: CommMessage) => unknown): void;
  unregisterTarget(targetName: string): void;
}

/** Output taken away from the cell, in nbformat's shapes (an Output widget keeps it). */
export type CapturedOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown>; displayId?: string; update?: boolean }
  | { output_type: "clear_output"; wait: boolean };

export type Capture = <T>(sink: (output: CapturedOutput) => void, fn: () => T) => T;

const JUPYTER_COMMS = Symbol.for("Jupyter.comms");
const JUPYTER_CAPTURE = Symbol.for("Jupyter.capture");

/** The running kernel's comm manager, or `undefined` outside a kernel that has comms. */
export function commManager(): CommManager | undefined {
  return (globalThis as Record<symbol, CommManager | undefined>)[JUPYTER_COMMS];
}

/**
 * The comm API of the running kernel: open comms, register targets.
 * Throws outside a kernel with comms.
 * @example
 * comms().registerTarget("my.target", (comm) => comm.onMsg((m) => comm.send({ got: m.data })));
 */
export function comms(): CommManager {
  const manager = commManager();
  if (manager === undefined) throw new Error("comms(): no comm manager at globalThis[Symbol.for(\"Jupyter.comms\")] — run this in the tsdl kernel");
  return manager;
}

/** The running kernel's output capture, or `undefined`. */
export function outputCapture(): Capture | undefined {
  return (globalThis as Record<symbol, Capture | undefined>)[JUPYTER_CAPTURE];
}
