import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The addon built from native/blas.c by scripts/build-native.mjs (OpenBLAS). */
export interface NativeBlas {
  /**
   * Row-major `C_i = alpha·op(A_i)·op(B_i) + beta·C_i` for i < batch, in place in `heap`
   * (offsets and strides in floats; a stride of 0 repeats one matrix over the batch).
   */
  sgemm(
    heap: Float32Array, offA: number, offB: number, offC: number, m: number, n: number, k: number,
    transA: 0 | 1, transB: 0 | 1, alpha: number, beta: number,
    batch: number, strideA: number, strideB: number, strideC: number,
  ): void;
  /** One Adam step over `count` floats in place on the heap (offsets in floats), as heap-math.ts's adamRange. */
  adam(
    heap: Float32Array, w0: number, g: number, m0: number, v0: number, w1: number, m1: number, v1: number, count: number,
    lr: number, beta1: number, beta2: number, epsilon: number, correction1: number, correction2: number,
  ): void;
  /** The max-pool gradient of `batch` images: heap-math.ts's encodeMaxPoolGrad parameters, then the batch size. */
  maxPoolGrad(heap: Float32Array, ...paramsThenBatch: number[]): void;
  setThreads(threads: number): void;
  threads(): number;
  config(): string;
}

const ADDON = fileURLToPath(new URL("../../native/tsdl_blas.node", import.meta.url));
/** OpenBLAS threads: one measured as fast as two here, at less CPU (the second spins). */
const DEFAULT_THREADS = 1;

let loaded: NativeBlas | undefined | null = null; // null: not tried yet
let enabled = true;

/**
 * The native BLAS addon, if it was built and `TSDL_NATIVE_BLAS` is not `0`; otherwise
 * undefined, and tsdl's WASM kernels run the products themselves. `TSDL_BLAS_THREADS`
 * sets OpenBLAS's thread count (default 1).
 */
export function nativeBlas(): NativeBlas | undefined {
  if (!enabled) return undefined;
  if (loaded === null) loaded = load();
  return loaded;
}

/** Turns the native products off (or back on) for this process: for tests and benchmarks. */
export function setNativeBlasEnabled(on: boolean): void {
  enabled = on;
}

function load(): NativeBlas | undefined {
  if (process.env.TSDL_NATIVE_BLAS === "0" || !existsSync(ADDON)) return undefined;
  try {
    const blas = createRequire(import.meta.url)(ADDON) as NativeBlas;
    const threads = Number(process.env.TSDL_BLAS_THREADS ?? DEFAULT_THREADS);
    if (!Number.isInteger(threads) || threads < 1) {
      throw new Error(`TSDL_BLAS_THREADS must be a positive integer, got '${process.env.TSDL_BLAS_THREADS}'`);
    }
    blas.setThreads(threads);
    return blas;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("TSDL_BLAS_THREADS")) throw error;
    return undefined; // built for another Node or missing libopenblas: the WASM kernels run
  }
}
