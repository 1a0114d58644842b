import os from "node:os";
import workerThreads from "node:worker_threads";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { tf } from "../tf.cjs";
import { BackendWasm, setThreadsCount } from "@tensorflow/tfjs-backend-wasm";

/** The part of the Emscripten module of the threaded SIMD build that tsdl touches. */
interface ThreadedModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread: { terminateAllThreads(): void; runningWorkers: { unref(): void }[] };
  wasmMemory: WebAssembly.Memory;
  tfjs?: unknown;
}

const require = createRequire(import.meta.url);
const WASM_OUT = "@tensorflow/tfjs-backend-wasm/wasm-out/";
const FACTORY = "tfjs-backend-wasm-threaded-simd.js";
const WORKER_FILE = fileURLToPath(new URL("./wasm-worker.js", import.meta.url));

/** A multi-threaded WASM backend, and the way to stop its worker threads. */
export interface ThreadedWasm {
  backend: BackendWasm;
  threads: number;
  /** The module's shared, growable memory (the WASM heap). */
  memory: WebAssembly.Memory;
  /** Ends the worker threads; the backend is unusable afterwards. */
  terminate(): void;
}

/**
 * Builds tfjs's WASM backend from its threaded SIMD binary, which tfjs 4.22 refuses to
 * use under Node (`WASM_HAS_MULTITHREAD_SUPPORT` is hard-wired to false there):
 * - the pthread worker is loaded from a real file (`wasm-worker.ts`), because Node's
 *   workers cannot load the `blob:` URL that tfjs makes;
 * - the backend's C++ caps its thread pool at `logical cores / 2`, assuming two
 *   hardware threads per core; on a machine with one thread per core that would halve
 *   the pool, so while the module starts up it is shown twice the logical cores and the
 *   pool size is then set with `setThreadsCount`.
 * - the workers start without the parent's command-line options (`execArgv: []`): a
 *   parent run as `node --input-type=module -e ...` would otherwise make every worker
 *   fail to load its file.
 * - Emscripten starts a pool of 8 pthread workers, whatever the thread count, and waits
 *   until all 8 have loaded the module (about 0.2 s on 2 cores, and memory for 8 Node
 *   workers); the factory is loaded with its pool sized to the threads asked for.
 * - the pool's threads are `unref`'d once started, so a script ends when its own work
 *   does, as on the single-threaded backend; `terminate` ends them explicitly.
 * Emscripten looks both `os.cpus` and `worker_threads.Worker` up while the module starts;
 * both are restored as soon as it has.
 */
export async function createThreadedWasm(threads: number): Promise<ThreadedWasm> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`createThreadedWasm: threads must be a positive integer, got ${threads}`);
  }
  const wasmOut = require.resolve(WASM_OUT + FACTORY).slice(0, -FACTORY.length);
  const factory = loadFactory(wasmOut + FACTORY, threads);
  const realCpus = os.cpus;
  const RealWorker = workerThreads.Worker;
  os.cpus = () => [...realCpus(), ...realCpus()];
  workerThreads.Worker = class extends RealWorker {
    constructor(file: string | URL, options: workerThreads.WorkerOptions = {}) {
      super(file, { ...options, execArgv: [] });
    }
  };
  let module: ThreadedModule;
  try {
    module = await factory({
      locateFile: (file: string) => (file.endsWith(".worker.js") ? WORKER_FILE : wasmOut + file),
      mainScriptUrlOrBlob: wasmOut + FACTORY,
    });
  } finally {
    os.cpus = realCpus;
    workerThreads.Worker = RealWorker;
  }
  // The same bridge that tfjs's own init() attaches to the module.
  module.tfjs = {
    init: module.cwrap("init", null, []),
    initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: module.cwrap("get_threads_count", "number", []),
    registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: module.cwrap("dispose_data", null, ["number"]),
    dispose: module.cwrap("dispose", null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  const actual = (module.tfjs as { getThreadsCount(): number }).getThreadsCount();
  // The pool's threads now wait for work; they must not keep a finished script running.
  for (const worker of module.PThread.runningWorkers) worker.unref();
  return { backend, threads: actual, memory: module.wasmMemory, terminate: () => module.PThread.terminateAllThreads() };
}

const POOL_SIZE = "var pthreadPoolSize=8;";

/**
 * The threaded build's factory, as `require` would load it, but with a pool of `threads`
 * workers (at least one: with none, the factory would wait forever for its pool). A build
 * that sizes its pool otherwise is loaded as it is.
 */
function loadFactory(path: string, threads: number): (config: object) => Promise<ThreadedModule> {
  const source = readFileSync(path, "utf8");
  if (!source.includes(POOL_SIZE)) return require(path) as (config: object) => Promise<ThreadedModule>;
  const sized = source.replace(POOL_SIZE, `var pthreadPoolSize=${Math.max(1, threads)};`);
  const module = { exports: {} as unknown };
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${sized}\n})`;
  const run = vm.runInThisContext(wrapper, { filename: path }) as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return module.exports as (config: object) => Promise<ThreadedModule>;
}

/** Registers `wasm` as a factory that returns `backend`, replacing tfjs's own factory. */
export function installWasmBackend(backend: tf.KernelBackend, priority = 2): void {
  if (tf.findBackendFactory("wasm") !== null) tf.removeBackend("wasm");
  tf.registerBackend("wasm", () => backend, priority);
}
