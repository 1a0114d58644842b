/**
 * The engine's thread: loads the TypeScript compiler at once (in parallel with the kernel
 * answering its first requests) and serves compile / complete / inspect / is_complete calls.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createCompiler, saveCodeCache } from "./engine.js";
import type { Compiler } from "./engine.js";
import type { EngineCall, EngineAnswer } from "./engine-client.js";

const port = parentPort!;
let compiler: Compiler | undefined;
let failure: string | undefined;
const started = performance.now();
try {
  compiler = createCompiler(workerData as { cwd: string; packageRoot: string });
  // Type-check one throwaway cell now, so the user's first cell finds the compiler warm.
  compiler.convert("", "const warmUp: number = 1;\nwarmUp");
  process.stderr.write(`ready in ${(performance.now() - started).toFixed(0)} ms\n`);
  setTimeout(() => process.stderr.write(`${saveCodeCache()}\n`), 0); // after ready, so the first cell does not wait for it
} catch (error) {
  failure = `the TypeScript engine failed to start: ${(error as Error)?.stack ?? String(error)}`;
}
port.on("message", (call: EngineCall) => {
  let answer: EngineAnswer;
  try {
    if (compiler === undefined) throw new Error(failure);
    const c = compiler;
    const result =
      call.method === "convert" ? c.convert(call.prevDecl, call.src)
      : call.method === "complete" ? c.complete(call.prevDecl, call.src, call.position)
      : call.method === "inspect" ? c.inspect(call.prevDecl, call.src, call.position)
      : c.isComplete(call.src);
    answer = { id: call.id, ok: true, result };
  } catch (error) {
    answer = { id: call.id, ok: false, error: (error as Error)?.stack ?? String(error) };
  }
  port.postMessage(answer);
});
port.postMessage({ id: 0, ok: failure === undefined, result: undefined, error: failure } satisfies EngineAnswer);
