// Training speed of the course CNN on every TensorFlow.js backend that loads here, next
// to PyTorch CPU running the same model in the same run; then one real MNIST epoch on
// the default backend, with its test accuracy.
//
//   npm run bench:train                    # all of it
//   node dist/bench/train.js --no-epoch    # speed table only
//   node dist/bench/train.js --no-table    # the real epoch only
//   node dist/bench/train.js --only wasm   # one backend, as a JSON line (used internally)
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  adam, BACKEND_NAMES, createCourseCnn, describeBackend, ensureBackend, loadMnist, shutdownBackend, tf, toTensors,
  type BackendName,
} from "../lib/index.js";

const BATCH = 128;
const EPOCH = 60_000;
const WARMUP = 3; // 1 on the CPU backend
/** Measured steps per backend: the CPU backend takes seconds per step. */
const STEPS: Record<BackendName, number> = { tensorflow: 30, wasm: 30, cpu: 2 };
const TORCH_THREADS = [1, 2];
/** Marks a WASM row whose matrix products ran in OpenBLAS (native/blas.c). */
const NATIVE_SUFFIX = "+blas";

/** Wall time per step, and CPU time per step summed over threads (robust to a busy machine). */
interface Speed { label: string; threads?: number; steps: number; msPerStep: number; cpuMsPerStep: number }

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    threads: { type: "string" },
    steps: { type: "string" },
    "no-epoch": { type: "boolean", default: false },
    "no-table": { type: "boolean", default: false },
    "no-torch": { type: "boolean", default: false },
  },
});

if (values.only !== undefined) {
  const name = values.only as BackendName;
  const steps = values.steps === undefined ? STEPS[name] : Number(values.steps);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  console.log(JSON.stringify(await measureBackend(name, steps, threads)));
  await shutdownBackend();
} else {
  await main();
}

async function main(): Promise<void> {
  if (!values["no-table"]) speedTable();
  if (!values["no-epoch"]) await realEpoch();
}

function speedTable(): void {
  console.log(`Course CNN (5,225,282 parameters), Adam (tsdl adam(): fused on wasm), batch ${BATCH}; ${WARMUP} warm-up steps, then the measured ones.`);
  const rows: Speed[] = [];
  const torchBefore = values["no-torch"] ? [] : TORCH_THREADS.map(measureTorch);
  for (const name of BACKEND_NAMES) {
    // WASM as the library starts it (all cores), and on one thread, like PyTorch's two settings;
    // where the native BLAS addon loads, also all cores without it.
    const row = runChild(name);
    if (row !== undefined) rows.push(row);
    if (name !== "wasm") continue;
    if (row?.label.endsWith(NATIVE_SUFFIX)) {
      const pure = runChild(name, undefined, false);
      if (pure !== undefined) rows.push(pure);
    }
    const single = runChild(name, 1);
    if (single !== undefined) rows.push(single);
  }
  const torchAfter = values["no-torch"] ? [] : TORCH_THREADS.map(measureTorch);
  const torch = bestTorch([...torchBefore, ...torchAfter]);
  if (torch !== undefined) rows.push(torch);
  console.log(`machine load (1-minute average) at the end: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  printTable(rows, torch);
}

/** One backend in its own process, so each starts clean and its worker threads end with it. */
function runChild(name: BackendName, threads?: number, nativeBlas = true): Speed | undefined {
  const args = [
    fileURLToPath(import.meta.url), "--only", name,
    ...(values.steps ? ["--steps", values.steps] : []), ...(threads === undefined ? [] : ["--threads", String(threads)]),
  ];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", env: {
    ...process.env, TSDL_BACKEND: "", ...(nativeBlas ? {} : { TSDL_NATIVE_BLAS: "0" }),
  } });
  const json = child.stdout.split("\n").find((line) => line.startsWith("{"));
  if (child.status !== 0 || json === undefined) {
    const lines = (child.stderr || child.stdout).trim().split("\n");
    const error = lines.find((line) => /^\w*Error: /.test(line)) ?? lines.at(-1) ?? `exit code ${child.status}`;
    const why = error.replace(/^\w*Error: /, "").slice(0, 200);
    console.log(`  ${name}: does not load here (${why})`);
    return undefined;
  }
  return JSON.parse(json) as Speed;
}

async function measureBackend(name: BackendName, steps: number, threads?: number): Promise<Speed> {
  await ensureBackend({ force: name, ...(threads === undefined ? {} : { threads }) });
  const model = createCourseCnn({ seed: 1 });
  model.compile({ optimizer: adam({ lr: 1e-3 }), loss: "categoricalCrossentropy" });
  const X = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, "float32", 1);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, "int32", 2), 10);
  for (let i = 0; i < (name === "cpu" ? 1 : WARMUP); i++) await model.trainOnBatch(X, y);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(X, y);
  const msPerStep = (performance.now() - start) / steps;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMsPerStep = (cpu.user + cpu.system) / 1000 / steps;
  const used = /(\d+) threads?/.exec(describeBackend() ?? "")?.[1];
  const native = describeBackend()?.includes("native BLAS") ? NATIVE_SUFFIX : "";
  return { label: `tfjs ${name}${native}`, ...(used === undefined ? {} : { threads: Number(used) }), steps, msPerStep, cpuMsPerStep };
}

function measureTorch(threads: number): Speed | undefined {
  const script = fileURLToPath(new URL("../../bench/train-torch.py", import.meta.url));
  const child = spawnSync("/usr/bin/python3", [script, "--threads", String(threads), "--steps", "30"], {
    encoding: "utf8", env: { ...process.env, OMP_WAIT_POLICY: "PASSIVE" },
  });
  if (child.status !== 0) {
    console.log(`  PyTorch (${threads} threads): failed (${child.stderr.trim().split("\n").at(-1)})`);
    return undefined;
  }
  const result = JSON.parse(child.stdout) as { threads: number; steps: number; ms_per_step: number; cpu_ms_per_step: number };
  return {
    label: "PyTorch CPU", threads: result.threads, steps: result.steps,
    msPerStep: result.ms_per_step, cpuMsPerStep: result.cpu_ms_per_step,
  };
}

function bestTorch(runs: (Speed | undefined)[]): Speed | undefined {
  const ok = runs.filter((r): r is Speed => r !== undefined);
  return ok.sort((a, b) => a.msPerStep - b.msPerStep)[0];
}

function printTable(rows: Speed[], torch: Speed | undefined): void {
  const perEpoch = (ms: number) => (ms * EPOCH) / BATCH / 1000;
  const ratio = (r: Speed, key: "msPerStep" | "cpuMsPerStep") =>
    torch === undefined ? "-" : (r[key] / torch[key]).toFixed(2);
  console.log("");
  console.log("backend         threads steps  ms/step samples/s  s/epoch  × PyTorch   CPU s/epoch  × PyTorch");
  for (const r of rows) {
    console.log(
      r.label.padEnd(15), String(r.threads ?? "-").padStart(7), String(r.steps).padStart(5),
      r.msPerStep.toFixed(1).padStart(8), ((BATCH * 1000) / r.msPerStep).toFixed(0).padStart(9),
      perEpoch(r.msPerStep).toFixed(1).padStart(8), ratio(r, "msPerStep").padStart(10),
      perEpoch(r.cpuMsPerStep).toFixed(1).padStart(13), ratio(r, "cpuMsPerStep").padStart(10),
    );
  }
  console.log("s/epoch: wall time of the measured steps extrapolated to 60,000 samples; CPU s/epoch: the same for"
    + " CPU time summed over threads.\nPyTorch: the fastest (wall) of "
    + `${TORCH_THREADS.join(" and ")} threads, each measured before and after the tfjs backends.`
    + "\nThe library's default is the first tfjs wasm row (all cores, plus a helper thread for its JS kernels);"
    + `\n"${NATIVE_SUFFIX}": the native addon (native/blas.c): matrix products in OpenBLAS (${process.env.TSDL_BLAS_THREADS ?? 1} thread), Adam and`
    + " the max-pool gradient in C, all on the WASM heap; TSDL_NATIVE_BLAS=0 turns it off.");
}

/** One real epoch of MNIST on the default backend, then the test accuracy. */
async function realEpoch(): Promise<void> {
  const name = await ensureBackend();
  const [train, test] = await Promise.all([loadMnist("train"), loadMnist("test")]);
  const trainSet = toTensors(train);
  const testSet = toTensors(test);
  const model = createCourseCnn({ seed: 1 });
  model.compile({ optimizer: adam({ lr: 1e-3 }), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const start = performance.now();
  await model.fit(trainSet.X, trainSet.y, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - start) / 1000;
  const accuracy = tf.tidy(() => {
    const predicted = (model.predict(testSet.X, { batchSize: 1000 }) as tf.Tensor).argMax(-1);
    return predicted.equal(testSet.y.argMax(-1)).mean().dataSync()[0]!;
  });
  console.log(`\nOne real epoch on ${name}: ${train.count} MNIST digits in ${seconds.toFixed(1)} s `
    + `(model.fit, batch ${BATCH}), test accuracy ${(accuracy * 100).toFixed(2)}% on ${test.count} digits.`);
  tf.dispose([trainSet.X, trainSet.y, testSet.X, testSet.y]);
  model.dispose();
  await shutdownBackend();
}
