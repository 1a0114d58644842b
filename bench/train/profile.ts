// Where one training step of lesson 06's call goes: `trainModel` (with its live display)
// over a few hundred digits, once under tf.profile for the time of every kernel, once
// without it for the step's wall time. Run by bench/train.ts in its own process; prints one
// JSON line of `StepProfile`.
import { createCourseCnn, ensureBackend, loadMnist, shutdownBackend, takeSubset, tf, toTensors, trainModel } from "../../lib/index.js";
import { JUPYTER_DISPLAY } from "../../lib/notebook/jupyter.js";

export interface StepProfile {
  steps: number;
  /** Wall time of a step without the profiler. */
  wallMs: number;
  /** Kernel time per step, by row of the table (see `rowOf`). */
  rows: { row: string; ms: number; calls: number }[];
}

const BATCH = 128;
const STEPS = 20;

/** Groups a kernel call under a row a reader recognises. */
export function rowOf(name: string, inputShapes: (number[] | null)[], outputShapes: (number[] | null)[]): string {
  const out = (outputShapes[0] ?? []).join("×");
  const big = inputShapes.some((s) => (s ?? []).join("×") === "10000×512");
  if (name === "BatchMatMul" || name === "_FusedMatMul") {
    if (big && out.endsWith("×512")) return "Dense 512: forward (x·W)";
    if (big && out.endsWith("×10000")) return "Dense 512: input gradient (dy·Wᵀ)";
    if (out === "10000×512") return "Dense 512: weight gradient (xᵀ·dy)";
    return "Dense 200 and 10: products";
  }
  const rows: Record<string, string> = {
    Conv2D: "Conv2D: forward", Conv2DBackpropFilter: "Conv2D: filter gradient", Conv2DBackpropInput: "Conv2D: input gradient",
    MaxPool: "MaxPool: forward", MaxPoolGrad: "MaxPool: gradient", TsdlAdamUpdate: "Adam (all weights)",
    Relu: "ReLU: forward", Step: "ReLU: gradient (step)", Floor: "Dropout (mask)",
  };
  return rows[name] ?? "other kernels (bias, loss, metrics, casts)";
}

async function main(): Promise<void> {
  await ensureBackend();
  tf.env().set("CHECK_COMPUTATION_FOR_ERRORS", false); // the profiler would read every output back
  const digits = toTensors(takeSubset(await loadMnist("train"), { size: BATCH * STEPS, seed: 1 }));
  const model = createCourseCnn({ seed: 42 });
  // A notebook's display serialises each bundle; here it is serialised and dropped.
  const display = (value: unknown) => JSON.stringify((value as { [JUPYTER_DISPLAY](): unknown })[JUPYTER_DISPLAY]());
  const run = () => trainModel(model, digits, { numEpochs: 1, batchSize: BATCH, display, compile: false, title: "profile" });
  await trainModel(model, digits, { numEpochs: 1, batchSize: BATCH }); // compiles, warms up
  const start = performance.now();
  await run();
  const wallMs = (performance.now() - start) / STEPS;
  const info = await tf.profile(async () => {
    await run();
  });
  const rows = new Map<string, { ms: number; calls: number }>();
  for (const kernel of info.kernels) {
    const row = rowOf(kernel.name, kernel.inputShapes, kernel.outputShapes);
    const entry = rows.get(row) ?? { ms: 0, calls: 0 };
    const ms = await kernel.kernelTimeMs;
    entry.ms += typeof ms === "number" ? ms : 0;
    entry.calls += 1;
    rows.set(row, entry);
  }
  const profile: StepProfile = {
    steps: STEPS, wallMs,
    rows: [...rows].map(([row, { ms, calls }]) => ({ row, ms: ms / STEPS, calls: calls / STEPS })).sort((a, b) => b.ms - a.ms),
  };
  console.log(JSON.stringify(profile));
  await shutdownBackend();
}

if (process.argv[1] === new URL(import.meta.url).pathname) await main();
