import { MessageChannel, Worker } from "node:worker_threads";
import { MAX_JOB_PARAMS, runJob } from "./kernels/heap-math.js";
import { CONTROL, PARAMS_OFFSET, STOP } from "./helper-protocol.js";

/** How long the main thread waits for the helper's share before it gives up. */
const TIMEOUT_MS = 60_000;

/**
 * A second thread for tsdl's JavaScript kernels (Adam, max-pool gradient), which would
 * otherwise use one core while XNNPACK's kernels use all of them. It shares the WASM
 * heap (a SharedArrayBuffer): `split` runs part of a job here and the rest there, and
 * returns when both parts are done. Synchronous, as tfjs kernels are.
 */
export interface HelperThread {
  split(kind: number, params: number[], total: number): void;
  terminate(): void;
}

export async function startHelperThread(memory: WebAssembly.Memory): Promise<HelperThread> {
  const control = new SharedArrayBuffer(PARAMS_OFFSET + 8 * MAX_JOB_PARAMS);
  const state = new Int32Array(control, 0, CONTROL.length);
  const params = new Float64Array(control, PARAMS_OFFSET);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL("./helper-worker.js", import.meta.url), {
    workerData: { control, port: port2 }, transferList: [port2], execArgv: [],
  });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  worker.unref();
  let posted: SharedArrayBuffer | undefined;
  let request = 0;
  let broken = false;
  const local = (kind: number, from: number, to: number) =>
    runJob(kind, new Float32Array(memory.buffer), params, from, to);

  return {
    split(kind, values, total) {
      if (values.length > MAX_JOB_PARAMS) throw new RangeError(`HelperThread: ${values.length} parameters, at most ${MAX_JOB_PARAMS}`);
      params.set(values);
      const half = Math.floor(total / 2);
      if (broken || half === 0) {
        local(kind, 0, total);
        return;
      }
      const buffer = memory.buffer as SharedArrayBuffer;
      if (buffer !== posted) {
        port1.postMessage(buffer);
        posted = buffer;
      }
      Atomics.store(state, CONTROL.kind, kind);
      Atomics.store(state, CONTROL.from, half);
      Atomics.store(state, CONTROL.to, total);
      request++;
      Atomics.store(state, CONTROL.request, request);
      Atomics.notify(state, CONTROL.request);
      local(kind, 0, half);
      while (Atomics.load(state, CONTROL.done) !== request) {
        if (Atomics.wait(state, CONTROL.done, request - 1, TIMEOUT_MS) === "timed-out") {
          broken = true;
          throw new Error(`HelperThread: no answer to job ${kind} within ${TIMEOUT_MS / 1000} s`);
        }
      }
      if (state[CONTROL.failed] === 1) {
        local(kind, half, total); // the helper could not: do its share here (and fail loudly if it is ours too)
      }
    },
    terminate() {
      Atomics.store(state, CONTROL.kind, STOP);
      Atomics.store(state, CONTROL.request, ++request);
      Atomics.notify(state, CONTROL.request);
      void worker.terminate();
    },
  };
}

const helpers = new WeakMap<object, HelperThread>();

/** Lets `runSplit` share `backend`'s JavaScript kernels with `helper`. */
export function attachHelperThread(backend: object, helper: HelperThread): void {
  helpers.set(backend, helper);
}

/** Runs a job over [0, total) on `backend`'s heap: half on its helper thread if it has one. */
export function runSplit(backend: object, heap: () => Float32Array, kind: number, params: number[], total: number): void {
  const helper = helpers.get(backend);
  if (helper === undefined) runJob(kind, heap(), params, 0, total);
  else helper.split(kind, params, total);
}
