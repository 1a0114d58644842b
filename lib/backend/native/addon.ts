import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { bestIsa, openBlasCore, readCpuFeatures, type Isa } from "./cpu.js";

/**
 * The addon built from native/*.c by scripts/build-native.mjs. Every kernel runs in place
 * on the WASM heap (`heap`, a Float32Array over the module's memory); offsets and sizes are
 * in floats. See native/kernels.h for what each computes.
 */
export interface NativeAddon {
  /** Row-major `C_i = alpha·op(A_i)·op(B_i) + beta·C_i` for i < batch (a stride of 0 repeats one matrix). */
  sgemm(
    heap: Float32Array, offA: number, offB: number, offC: number, m: number, n: number, k: number,
    transA: 0 | 1, transB: 0 | 1, alpha: number, beta: number,
    batch: number, strideA: number, strideB: number, strideC: number,
  ): void;
  /** One Adam step over `count` floats (heap-math.ts's adamRange). */
  adam(
    heap: Float32Array, w0: number, g: number, m0: number, v0: number, w1: number, m1: number, v1: number, count: number,
    lr: number, beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number,
  ): void;
  /** Max-pooling: x, y, then the pool geometry (see poolGeometry in kernels/geometry.ts). */
  maxPool(heap: Float32Array, x: number, y: number, ...geometry: number[]): void;
  /** The max-pool gradient: x, dy, dx, then the pool geometry. */
  maxPoolGrad(heap: Float32Array, x: number, dy: number, dx: number, ...geometry: number[]): void;
  /** 2-D convolution: x, filter, y, then the conv geometry (see convGeometry in kernels/geometry.ts). */
  conv2d(heap: Float32Array, x: number, filter: number, y: number, ...geometry: number[]): void;
  conv2dBackpropFilter(heap: Float32Array, x: number, dy: number, dFilter: number, ...geometry: number[]): void;
  conv2dBackpropInput(heap: Float32Array, dy: number, filter: number, dx: number, ...geometry: number[]): void;
  /** `y = x + row` for a [rows, cols] matrix x. */
  addRow(heap: Float32Array, x: number, row: number, y: number, rows: number, cols: number): void;
  /** `y = Σ_r x[r]` for a [rows, cols] matrix x. */
  sumRows(heap: Float32Array, x: number, y: number, rows: number, cols: number): void;
  setThreads(threads: number): void;
  threads(): number;
  /** What runs the matrix products: `{ library: "OpenBLAS", core: "SkylakeX" }`. */
  gemm(): { library: string; core: string };
}

/** What the native kernels run on, as `describeBackend` says it. */
export interface NativeInfo {
  /** The matrix products' library: "OpenBLAS". */
  library: string;
  /**
   * Its core ("SkylakeX"), and who chose it: the library from the CPU's model number, tsdl
   * from the CPU's features, or the user's `OPENBLAS_CORETYPE`.
   */
  core: string;
  coreChosenBy: "library" | "tsdl" | "OPENBLAS_CORETYPE";
  /** The instruction set of tsdl's own loops. */
  isa: Isa;
  threads: number;
  cpu: string;
}

const ADDON = fileURLToPath(new URL("../../../native/tsdl_native.node", import.meta.url));

let loaded: { addon: NativeAddon; info: NativeInfo } | undefined | null = null; // null: not tried yet
let enabled = true;

/**
 * The native kernels, if they were built and `TSDL_NATIVE` is not `0`; otherwise undefined,
 * and tsdl's WASM kernels run instead. They use `TSDL_NATIVE_THREADS` threads (default:
 * every core). Loading chooses OpenBLAS's core from the CPU's features unless
 * `OPENBLAS_CORETYPE` names one.
 */
export function nativeAddon(): NativeAddon | undefined {
  if (!enabled) return undefined;
  if (loaded === null) loaded = load();
  return loaded?.addon;
}

/** The library, core, instruction set and threads of the native kernels, when they loaded. */
export function nativeInfo(): NativeInfo | undefined {
  return nativeAddon() === undefined ? undefined : loaded?.info;
}

/** Turns the native kernels off (or back on) for this process: for tests and benchmarks. */
export function setNativeEnabled(on: boolean): void {
  enabled = on;
}

function threadsWanted(): number {
  const value = process.env.TSDL_NATIVE_THREADS;
  if (value === undefined || value === "") return availableParallelism();
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`TSDL_NATIVE_THREADS must be a positive integer, got '${value}'`);
  return threads;
}

function load(): { addon: NativeAddon; info: NativeInfo } | undefined {
  if (process.env.TSDL_NATIVE === "0" || !existsSync(ADDON)) return undefined;
  const threads = threadsWanted();
  const cpu = readCpuFeatures();
  // The libraries read these once, when the addon loads them.
  const userCore = process.env.OPENBLAS_CORETYPE;
  const core = userCore ? undefined : openBlasCore(cpu);
  if (core !== undefined) process.env.OPENBLAS_CORETYPE = core;
  // Idle threads sleep at once instead of spinning against the other library's threads:
  // OpenMP's (tsdl's loops) and OpenBLAS's (2^n cycles; its default, n = 28, is ~0.1 s).
  process.env.OMP_WAIT_POLICY ??= "PASSIVE";
  process.env.OPENBLAS_THREAD_TIMEOUT ??= "4";
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(ADDON) as NativeAddon;
  } catch {
    return undefined; // built for another Node, or libopenblas missing: the WASM kernels run
  } finally {
    if (core !== undefined) delete process.env.OPENBLAS_CORETYPE; // child processes choose for themselves
  }
  addon.setThreads(threads);
  const gemm = addon.gemm();
  const chosenBy = userCore ? "OPENBLAS_CORETYPE" : core !== undefined ? "tsdl" : "library";
  return {
    addon,
    info: { library: gemm.library, core: gemm.core, coreChosenBy: chosenBy, isa: bestIsa(cpu), threads, cpu: cpu?.model ?? "unknown CPU" },
  };
}
