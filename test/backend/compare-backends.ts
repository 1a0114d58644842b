// Runs the same computation on the WASM backend (with tsdl's kernels) and on the pure-JS
// CPU backend, tfjs's reference implementation, and compares the results.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ensureBackend, shutdownBackend, tf } from "../../lib/index.js";
import { setNativeEnabled } from "../../lib/backend/native/addon.js";
import type { NativeAddon } from "../../lib/backend/native/addon.js";

/** Values of `f`'s tensors on one backend, as plain arrays. */
function runOn(backend: string, f: () => tf.Tensor | tf.Tensor[]): { shape: number[]; values: Float32Array }[] {
  if (!tf.setBackend(backend)) throw new Error(`compare: backend ${backend} did not start`);
  return tf.tidy(() => {
    const out = f();
    return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
  });
}

/**
 * Asserts that `f` gives the same shapes and values on WASM as on the CPU backend, to
 * within `tolerance` relative to the largest magnitude of each result (summation order
 * differs between the two, so float32 results are not bit-identical).
 */
export function assertSameOnWasmAndCpu(label: string, f: () => tf.Tensor | tf.Tensor[], tolerance = 1e-5): void {
  // IS_TEST makes the engine check that every kernel leaves exactly its outputs behind
  // (no leaked intermediate), and keeps the CPU backend's Node.js notice off stderr.
  const wasTest = tf.env().getBool("IS_TEST");
  tf.env().set("IS_TEST", true);
  let wasm: ReturnType<typeof runOn>;
  let cpu: ReturnType<typeof runOn>;
  try {
    wasm = runOn("wasm", f);
    cpu = runOn("cpu", f);
  } finally {
    tf.setBackend("wasm");
    tf.env().set("IS_TEST", wasTest);
  }
  assert.equal(wasm.length, cpu.length, `${label}: ${wasm.length} results on wasm, ${cpu.length} on cpu`);
  wasm.forEach((w, i) => {
    const c = cpu[i]!;
    assert.deepEqual(w.shape, c.shape, `${label}, result ${i}: shape ${w.shape} on wasm, ${c.shape} on cpu`);
    let scale = 1e-6;
    for (const v of c.values) scale = Math.max(scale, Math.abs(v));
    let worst = 0;
    let at = -1;
    for (let j = 0; j < c.values.length; j++) {
      const error = Math.abs(w.values[j]! - c.values[j]!);
      if (!(error <= worst)) { worst = error; at = j; } // NaN counts as worst
    }
    assert.ok(worst <= tolerance * scale,
      `${label}, result ${i}: element ${at} is ${w.values[at]} on wasm, ${c.values[at]} on cpu `
      + `(error ${worst}, allowed ${tolerance * scale})`);
  });
}

/** Seeded uniform values in [-1, 1). */
export function random(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, "float32", seed);
}

/** Counts the addon's calls of `name` while `f` runs. */
export function countCalls(blas: NativeAddon, f: () => void, name: keyof NativeAddon = "sgemm"): number {
  const original = blas[name] as (...args: unknown[]) => void;
  let calls = 0;
  (blas as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    calls++;
    original.apply(blas, args);
  };
  try {
    f();
  } finally {
    (blas as unknown as Record<string, unknown>)[name] = original;
  }
  return calls;
}


/** The native addon the build writes (native/*.c). */
export const ADDON = fileURLToPath(new URL("../../native/tsdl_native.node", import.meta.url));

/** Whether there is a native addon to test: it was built, and TSDL_NATIVE does not turn it off. */
export function addonToTest(): boolean {
  return process.env.TSDL_NATIVE !== "0" && existsSync(ADDON);
}

/**
 * A native test file's suites, on the WASM backend: `withAddon` with the addon (skipped where
 * there is none to test), then `withoutAddon.body` with it switched off (tsdl's and tfjs's
 * WASM kernels).
 */
export function describeWithAndWithoutAddon(
  title: string, timeout: number, withAddon: () => void, withoutAddon: { title: string; body: () => void },
): void {
  describe(title, function () {
    this.timeout(timeout);
    before(async () => {
      setNativeEnabled(true);
      assert.equal(await ensureBackend({ force: "wasm" }), "wasm");
    });
    after(async () => {
      setNativeEnabled(true);
      await shutdownBackend();
    });
    describe("with the addon", () => {
      before(function () {
        if (!addonToTest()) this.skip(); // not built here: nothing to test
        setNativeEnabled(true);
      });
      withAddon();
    });
    describe(withoutAddon.title, () => {
      before(() => setNativeEnabled(false));
      after(() => setNativeEnabled(true));
      withoutAddon.body();
    });
  });
}
