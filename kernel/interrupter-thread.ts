/**
 * The interrupter's thread (interrupts.ts): it hears SIGINT for the whole process, even while
 * the main thread is stuck in a loop. It sits in a `breakOnSigint` script that waits forever;
 * a SIGINT stops that wait, and the thread counts the signal in shared memory (where the loops
 * of cells look, see loop-guard.ts), tells the main thread, and waits again at once.
 *
 * Keeping this watchdog armed all the time makes it own SIGINT: Node's SIGINT watchdog takes
 * the signal for the process and hands it to the most recently started `breakOnSigint`
 * script. While the main thread runs a cell's synchronous part under its own
 * `breakOnSigint`, that script is the most recent one, so the signal stops it there.
 * The thread re-arms synchronously (no trip through its event loop), so the moments
 * in which no watchdog is armed, and a SIGINT would take its default action, stay
 * microseconds long.
 */
import { parentPort, workerData } from "node:worker_threads";
import vm from "node:vm";
import { INTERRUPTS, type InterrupterData } from "./interrupts.js";

const counts = new Int32Array((workerData as InterrupterData).shared);
const port = parentPort!;
const waitForever = new vm.Script("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)", { filename: "tsdl-interrupter.js" });

for (;;) {
  try {
    waitForever.runInThisContext({ breakOnSigint: true });
  } catch (error) {
    if ((error as { code?: string } | null)?.code !== "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw error;
    Atomics.add(counts, INTERRUPTS.received, 1);
    port.postMessage("interrupt");
  }
}
