/**
 * The main thread's handle on the sockets' thread (io-thread.ts): requests come in, finished
 * messages go out. Output is back-pressured: when the sockets fall behind by more than
 * `MAX_PENDING_BYTES`, the writer blocks until they catch up, so printing 100 MB does not
 * hold 100 MB. `readInput` blocks the main thread (Atomics.wait) while the sockets' thread
 * does the stdin round trip, which is what lets a synchronous `prompt()` exist.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Channel, Message } from "./messages.js";
import type { ConnectionInfo } from "./sockets.js";
import { SHARED, SHARED_BYTES } from "./io-protocol.js";
import type { FromIo, InputAnswer, IoWorkerData, ToIo } from "./io-protocol.js";

const MAX_PENDING_BYTES = 8 * 1024 * 1024;

export interface Io {
  ready: Promise<void>;
  onRequest(handler: (channel: "shell" | "control", message: Message) => void): void;
  onShutdown(handler: (restart: boolean) => void): void;
  send(channel: Channel, message: Message): void;
  /** Resolves once every request the sockets received before this call has been handed over. */
  barrier(): Promise<void>;
  /** Ask the frontend of `parent` for a line of input; blocks. Throws `InputInterrupted` on interrupt. */
  readInput(prompt: string, password: boolean, parent: Message): string;
  close(): Promise<void>;
  /** Send what is queued and close the sockets, blocking (at most `timeoutMs`): for an exit from inside a cell. */
  closeSync(timeoutMs: number): void;
}

export class InputInterrupted extends Error {
  override name = "Interrupted";
}

export function startIo(
  connection: ConnectionInfo,
  session: string,
  typescriptVersion: string,
  log: (text: string) => void,
): Io {
  const shared = new SharedArrayBuffer(SHARED_BYTES);
  const slots = new Int32Array(shared);
  const input = new MessageChannel();
  const workerData: IoWorkerData = { connection, session, typescriptVersion, shared, inputPort: input.port2 };
  const worker = new Worker(new URL("./io-thread.js", import.meta.url), { workerData, transferList: [input.port2] });
  let onRequest: (channel: "shell" | "control", message: Message) => void = () => undefined;
  let onShutdown: (restart: boolean) => void = () => undefined;
  const barriers = new Map<number, () => void>();
  let nextBarrier = 1;
  let closed: (() => void) | undefined;
  let readyResolve: () => void;
  let readyReject: (error: Error) => void;
  const ready = new Promise<void>((res, rej) => ((readyResolve = res), (readyReject = rej)));
  worker.on("error", (error) => {
    // A port that cannot be bound is named in the message; its stack says nothing more.
    log(`sockets thread failed: ${error.name === "BindError" ? `${error.name}: ${error.message}` : (error.stack ?? error.message)}`);
    Atomics.store(slots, SHARED.closed, 1); // nothing left to close: exit without waiting for it
    readyReject(error);
    process.exit(1);
  });
  worker.on("message", (message: FromIo) => {
    switch (message.kind) {
      case "ready": return readyResolve();
      case "request": return onRequest(message.channel, message.message);
      case "barrier": {
        barriers.get(message.id)?.();
        barriers.delete(message.id);
        return;
      }
      case "shutdown": return onShutdown(message.restart);
      case "closed": return closed?.();
    }
  });
  const post = (message: ToIo) => worker.postMessage(message);

  function waitForRoom(): void {
    for (;;) {
      const pending = Atomics.load(slots, SHARED.pendingBytes);
      if (pending <= MAX_PENDING_BYTES) return;
      Atomics.wait(slots, SHARED.pendingBytes, pending, 1000);
    }
  }

  return {
    ready,
    onRequest: (handler) => void (onRequest = handler),
    onShutdown: (handler) => void (onShutdown = handler),
    send(channel, message) {
      let size = 0;
      if (channel === "iopub") {
        const text = (message.content as { text?: unknown }).text;
        size = typeof text === "string" ? text.length : JSON.stringify(message.content).length;
        waitForRoom();
        Atomics.add(slots, SHARED.pendingBytes, size);
      }
      post({ kind: "send", channel, message, size });
    },
    barrier() {
      const id = nextBarrier++;
      return new Promise<void>((resolve) => {
        barriers.set(id, resolve);
        post({ kind: "barrier", id });
      });
    },
    readInput(prompt, password, parent) {
      Atomics.store(slots, SHARED.input, 1);
      post({ kind: "input", prompt, password, parent });
      while (Atomics.load(slots, SHARED.input) === 1) Atomics.wait(slots, SHARED.input, 1, 1000);
      Atomics.store(slots, SHARED.input, 0);
      const answer = receiveMessageOnPort(input.port1)?.message as InputAnswer | undefined;
      if (answer === undefined || "interrupted" in answer) throw new InputInterrupted("input interrupted");
      return answer.value;
    },
    closeSync(timeoutMs) {
      post({ kind: "close" });
      Atomics.wait(slots, SHARED.closed, 0, timeoutMs);
    },
    close() {
      return new Promise<void>((resolve) => {
        closed = resolve;
        post({ kind: "close" });
        setTimeout(resolve, 2000).unref();
      });
    },
  };
}
