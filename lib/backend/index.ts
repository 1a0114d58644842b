import { tf } from "../tf.cjs";
import { withoutTfjsWarnings } from "./quiet.js";

/** The TensorFlow.js backends tsdl chooses from, fastest first. */
export type BackendName = "tensorflow" | "wasm" | "cpu";
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

export interface EnsureBackendOptions {
  /** Use this backend or fail; the `TSDL_BACKEND` environment variable does the same. */
  force?: BackendName;
  /**
   * Worker threads for the WASM backend. Defaults to 1 where tsdl's native kernels load
   * (they run the heavy kernels on every core, and idle WASM workers would spin against
   * them), else to the machine's logical cores (≤ 8).
   */
  threads?: number;
  /** Share tsdl's JavaScript kernels (Adam, max-pool gradient) with a second thread; default true. */
  helperThread?: boolean;
}

let choice: Promise<BackendName> | undefined;
let description: string | undefined;
let stopThreads: (() => void) | undefined;

/**
 * Chooses the TensorFlow.js backend once, at first use, and says which in one line on
 * stdout: `@tensorflow/tfjs-node` where it loads (native TensorFlow), else WebAssembly
 * (multi-threaded, with tsdl's training kernels), else the pure-JS CPU backend. Later
 * calls return the first choice. Nothing is written to stderr: tfjs's "looks like you
 * are running TensorFlow.js in Node.js" notice is silenced.
 *
 * Call it before making any tensor: tensors made earlier live on tfjs's CPU backend and
 * move over on first use, and an int32 tensor cast to float32 there shares its int32
 * memory, which WASM then reads as float32 (values near 0).
 * @see notebooks/06-mnist-cnn.ipynb
 */
export function ensureBackend(options: EnsureBackendOptions = {}): Promise<BackendName> {
  choice ??= choose(options).catch((error: unknown) => {
    choice = undefined;
    throw error;
  });
  return choice;
}

/** The chosen backend as `ensureBackend` announced it, e.g. "wasm (2 threads, SIMD)". */
export function describeBackend(): string | undefined {
  return choice === undefined ? undefined : description;
}

/**
 * Stops the WASM backend's worker threads and forgets the choice, so that a script or
 * a test run can exit; `ensureBackend` starts afresh afterwards.
 */
export async function shutdownBackend(): Promise<void> {
  if (choice === undefined) return;
  const name = await choice.catch(() => undefined);
  choice = undefined;
  if (name !== undefined && tf.findBackend(name) !== null) tf.removeBackend(name);
  stopThreads?.();
  stopThreads = undefined;
}

async function choose(options: EnsureBackendOptions): Promise<BackendName> {
  const forced = options.force ?? parseForced(process.env.TSDL_BACKEND);
  const candidates = forced === undefined ? BACKEND_NAMES : [forced];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      const detail = await withoutTfjsWarnings(() => start(name, options));
      description = `${name}${detail === "" ? "" : ` (${detail})`}`;
      console.log(`tsdl: TensorFlow.js backend ${description}`);
      return name;
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`ensureBackend: no TensorFlow.js backend could start (${failures.join("; ")})`);
}

function parseForced(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === "") return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`TSDL_BACKEND must be one of ${BACKEND_NAMES.join(", ")}, got '${value}'`);
}

/** Starts one backend and returns how to describe it ("2 threads, SIMD"), or throws. */
async function start(name: BackendName, options: EnsureBackendOptions): Promise<string> {
  if (name === "tensorflow") {
    const nodeBinding = "@tensorflow/tfjs-node"; // optional: absent or unloadable on most machines
    await import(nodeBinding);
  } else if (name === "wasm") {
    return startWasm(options.threads, options.helperThread ?? true);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  tf.tidy(() => tf.zeros([1]).dataSync()); // the CPU backend's first write prints its notice
  return "";
}

async function startWasm(threads: number | undefined, helperThread: boolean): Promise<string> {
  const { registerWasmKernels } = await import("./register-wasm-kernels.js");
  const { createThreadedWasm, installWasmBackend } = await import("./wasm-threads.js");
  const { nativeInfo } = await import("./native/addon.js");
  const os = await import("node:os");
  const native = nativeInfo();
  const wanted = threads ?? (native !== undefined ? 1 : Math.min(8, os.availableParallelism()));
  registerWasmKernels();
  let detail = "1 thread";
  try {
    const threaded = await createThreadedWasm(wanted);
    installWasmBackend(threaded.backend);
    stopThreads = threaded.terminate;
    detail = `${threaded.threads} thread${threaded.threads === 1 ? "" : "s"}, SIMD`;
    if (helperThread && threaded.threads > 1) {
      const { attachHelperThread, startHelperThread } = await import("./helper-thread.js");
      const helper = await startHelperThread(threaded.memory);
      attachHelperThread(threaded.backend, helper);
      stopThreads = () => {
        helper.terminate();
        threaded.terminate();
      };
    }
  } catch {
    // No SharedArrayBuffer or worker threads: tfjs's own single-threaded build.
  }
  if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
  if (native !== undefined) {
    const chosen = native.coreChosenBy === "tsdl" ? ", chosen from the CPU's features"
      : native.coreChosenBy === "library" ? "" : `, set by ${native.coreChosenBy}`;
    detail += `; native kernels: ${native.library} ${native.core}${chosen}, tsdl's loops ${native.isa}, `
      + `${native.threads} thread${native.threads === 1 ? "" : "s"}`;
  }
  return detail;
}
