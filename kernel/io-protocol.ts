/**
 * What the main thread and the sockets' thread say to each other, and the shared memory
 * they both watch: bytes of output not yet sent (back-pressure), the stdin hand-off, and
 * whether the sockets are closed (for an exit that must not lose output).
 */
import type { MessagePort } from "node:worker_threads";
import type { ConnectionInfo, Incoming, Outgoing } from "./sockets.js";
import type { Message } from "./messages.js";

/** Int32 slots of the shared buffer. */
export const SHARED = { pendingBytes: 0, input: 1, closed: 2 } as const;
export const SHARED_BYTES = 3 * Int32Array.BYTES_PER_ELEMENT;

export interface IoWorkerData {
  connection: ConnectionInfo;
  session: string;
  /** The TypeScript version cells are checked with, for kernel_info answered on control. */
  typescriptVersion: string;
  shared: SharedArrayBuffer;
  inputPort: MessagePort;
}

export type ToIo =
  | { kind: "send"; channel: Outgoing; message: Message; size: number }
  | { kind: "input"; prompt: string; password: boolean; parent: Message }
  | { kind: "barrier"; id: number }
  | { kind: "close" };

export type FromIo =
  | { kind: "ready" }
  | { kind: "request"; channel: Exclude<Incoming, "stdin">; message: Message }
  | { kind: "barrier"; id: number }
  | { kind: "shutdown"; restart: boolean }
  | { kind: "closed" };

export type InputAnswer = { value: string } | { interrupted: true };
