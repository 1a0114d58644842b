/**
 * How an interrupt (SIGINT, and so `interrupt_request`, which the sockets' thread turns into a
 * SIGINT) reaches every loop a cell wrote, wherever it runs: in the cell's synchronous part,
 * after an `await`, or in a timer callback.
 *
 * - The interrupter thread (interrupter-thread.ts) hears the signal even while the main thread
 *   is stuck, and counts it in shared memory (`received`).
 * - Every loop in compiled cell code starts each turn with a call to the global
 *   `LOOP_GUARD` (loop-guard.ts). It throws `Interrupted` while some signal has been counted
 *   but not yet handled (`handled` < `received`): an ordinary exception, so `finally` blocks,
 *   the cell's bindings (bindings.ts) and the runner's bookkeeping all run as for a throw.
 * - Once the main thread reaches its event loop again it takes the interrupter's message,
 *   marks the signals handled (loops run freely again) and calls the handler, which rejects
 *   whatever a cell awaits (runner.ts).
 * - A cell's synchronous part also stays under `breakOnSigint`, which stops loops in library
 *   code the cell calls.
 *
 * Why not stop the main thread from outside, with the inspector (`Runtime.terminateExecution`
 * from `inspector.Session.connectToMainThread()` in a worker)? Inspector messages do reach a
 * busy main thread, and terminating a loop that runs in a microtask after an `await` works,
 * but termination is not an exception: it skips every `finally` on the way out. Inside a timer
 * callback it skips Node's own async-context bookkeeping, and Node then aborts the whole
 * process ("async hook stack has become corrupted"). V8 also drops every microtask still
 * queued when it terminates, which would silently lose the kernel's own pending continuations.
 *
 * An interval whose callback an interrupt stopped is cleared: its next turn would most likely
 * loop again, before the user could run a cell that clears it.
 *
 * The main thread must add no SIGINT listener of its own (`process.on("SIGINT")`): libuv
 * installing its handler would take the signal back from the interrupter's watchdog.
 */
import { Worker } from "node:worker_threads";
import { LOOP_GUARD } from "./loop-guard.js";

export class Interrupted extends Error {
  override name = "Interrupted";
  constructor() {
    super("the cell was interrupted");
  }
}

/** Slots of the shared counters. */
export const INTERRUPTS = { received: 0, handled: 1 } as const;

export interface InterrupterData {
  shared: SharedArrayBuffer;
}

export interface Interrupts {
  /** `handler` runs on the main thread for each interrupt, once it is free to. */
  onInterrupt(handler: () => void): void;
}

export function startInterrupts(log: (text: string) => void): Interrupts {
  const shared = new SharedArrayBuffer(8);
  const counts = new Int32Array(shared);
  const guard = () => {
    if (Atomics.load(counts, INTERRUPTS.received) !== Atomics.load(counts, INTERRUPTS.handled)) throw new Interrupted();
  };
  // Fixed and read-only, so V8 can inline the call in every loop.
  Object.defineProperty(globalThis, LOOP_GUARD, { value: guard, writable: false, enumerable: false, configurable: false });
  stopIntervalsOnInterrupt();
  let handler: () => void = () => undefined;
  const worker = new Worker(new URL("./interrupter-thread.js", import.meta.url), { workerData: { shared } satisfies InterrupterData });
  worker.unref();
  worker.on("message", () => {
    Atomics.store(counts, INTERRUPTS.handled, Atomics.load(counts, INTERRUPTS.received));
    handler();
  });
  worker.on("error", (error) => log(`interrupter thread failed (SIGINT now ends the kernel): ${error.stack ?? error.message}`));
  return { onInterrupt: (fn) => void (handler = fn) };
}

function stopIntervalsOnInterrupt(): void {
  const setInterval = globalThis.setInterval;
  const wrapped = function (callback: unknown, ms?: number, ...args: unknown[]) {
    if (typeof callback !== "function") return (setInterval as (...a: unknown[]) => NodeJS.Timeout)(callback, ms, ...args);
    const handle = setInterval(function (this: unknown, ...turnArgs: unknown[]) {
      try {
        return (callback as (...a: unknown[]) => unknown).apply(this, turnArgs);
      } catch (error) {
        if (error instanceof Interrupted) clearInterval(handle);
        throw error;
      }
    }, ms, ...args);
    return handle;
  };
  globalThis.setInterval = Object.assign(wrapped, setInterval) as typeof setInterval;
}
