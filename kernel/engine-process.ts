/**
 * The engine's process: loads the TypeScript compiler at once (in parallel with the kernel
 * answering its first requests) and serves compile / complete / inspect / is_complete calls
 * over the IPC channel. It is a process of its own, not a thread, so it can start from a V8
 * startup snapshot that already holds the compiler and the parsed declaration files
 * (engine-snapshot.ts); without one it loads them as any process does. It exits with the
 * kernel: when the channel closes.
 */
import { createCompiler, saveCodeCache } from "./engine.js";
import type { Compiler } from "./engine.js";
import type { EngineCall, EngineAnswer } from "./engine-client.js";
import { snapshotInUse } from "./engine-snapshot.js";

const options = JSON.parse(process.argv[2] ?? "{}") as { cwd: string; packageRoot: string };
const send = (answer: EngineAnswer) => process.send!(answer);
let compiler: Compiler | undefined;
let failure: string | undefined;
const started = performance.now();
try {
  compiler = createCompiler(options);
  // Type-check one throwaway cell now, so the user's first cell finds the compiler warm.
  compiler.convert("", "const warmUp: number = 1;\nwarmUp");
  const from = snapshotInUse() ? "from the startup snapshot" : "without a startup snapshot";
  process.stderr.write(`ready in ${(performance.now() - started).toFixed(0)} ms, ${from}\n`);
  setTimeout(() => process.stderr.write(`${saveCodeCache()}\n`), 0); // after ready, so the first cell does not wait for it
} catch (error) {
  failure = `the TypeScript engine failed to start: ${(error as Error)?.stack ?? String(error)}`;
}
process.on("message", (call: EngineCall) => {
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
  send(answer);
});
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => undefined); // interrupts are the kernel's business (interrupts.ts)
send({ id: 0, ok: failure === undefined, result: undefined, error: failure });
