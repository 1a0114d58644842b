// A helper thread for tsdl's JavaScript kernels: it waits on a shared control block,
// runs its share of each job on the shared WASM heap, and says when it is done.
import { receiveMessageOnPort, workerData, parentPort, type MessagePort } from "node:worker_threads";
import { runJob } from "./kernels/heap-math.js";
import { CONTROL, PARAMS_OFFSET, STOP } from "./helper-protocol.js";

const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const state = new Int32Array(control, 0, CONTROL.length);
const params = new Float64Array(control, PARAMS_OFFSET);
let heap = new Float32Array(0);
let seen = 0;
parentPort?.postMessage("ready");
for (;;) {
  Atomics.wait(state, CONTROL.request, seen);
  seen = Atomics.load(state, CONTROL.request);
  const kind = Atomics.load(state, CONTROL.kind);
  if (kind === STOP) break;
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    heap = new Float32Array(message.message as SharedArrayBuffer); // the heap grew
  }
  try {
    runJob(kind, heap, params, state[CONTROL.from]!, state[CONTROL.to]!);
    Atomics.store(state, CONTROL.failed, 0);
  } catch {
    Atomics.store(state, CONTROL.failed, 1);
  }
  Atomics.store(state, CONTROL.done, seen);
  Atomics.notify(state, CONTROL.done);
}
