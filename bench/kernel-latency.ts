/**
 * Kernel latency, tsdl against tslab and Debian's ipykernel, measured in the same run through
 * jupyter_client: start-to-ready, the first cell (`1 + 1`), the median of 50 trivial cells and
 * of 50 declaring cells (`const v = i + 1; v`), the cell that first imports the heavy library
 * (@tensorflow/tfjs; torch or numpy for Python), and, in a fresh kernel, a lesson's first cell
 * (lesson 01's: tsdl's imports and `ensureBackend()`; tsdl only, the others cannot import tsdl).
 * Usage: node dist/bench/kernel-latency.js [--cells 50] [--rounds 1]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PYTHON = "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DRIVER = join(ROOT, "bench", "kernel-latency", "driver.py");

interface Figures {
  start_s: number;
  first_cell_ms: number;
  median_cell_ms: number;
  median_declare_ms: number;
  import_ms: number;
  lesson_first_ms?: number;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

function pythonHeavyImport(): string {
  for (const module of ["torch", "numpy"]) {
    try {
      execFileSync(PYTHON, ["-c", `import importlib.util, sys; sys.exit(importlib.util.find_spec("${module}") is None)`]);
      return `import ${module}`;
    } catch {
      continue;
    }
  }
  return "import json";
}

/** The first code cell of the lesson whose source starts with `number` (percent format). */
function lessonFirstCell(number: string): string {
  const dir = join(ROOT, "notebooks", "src");
  const file = readdirSync(dir).find((f) => f.startsWith(`${number}-`) && f.endsWith(".ts"));
  if (file === undefined) throw new Error(`no lesson ${number}-*.ts in ${dir}`);
  const cells = readFileSync(join(dir, file), "utf8").split(/^\/\/ %%(.*)$/m);
  for (let i = 1; i + 1 < cells.length; i += 2) if (!cells[i]!.includes("[markdown]")) return cells[i + 1]!.trim();
  throw new Error(`${file} has no code cell`);
}

function main(): void {
  const cells = option("--cells", 50);
  const rounds = option("--rounds", 1);
  const prefix = mkdtempSync(join(tmpdir(), "tsdl-bench-"));
  const kernels = join(prefix, "share", "jupyter", "kernels");
  execFileSync(process.execPath, [join(ROOT, "dist", "cli", "tsdl.js"), "install", "--prefix", prefix, "--name", "bench-tsdl"]);
  const spec = (name: string, argv: string[], language: string) => {
    mkdirSync(join(kernels, name), { recursive: true });
    writeFileSync(join(kernels, name, "kernel.json"), JSON.stringify({ argv, display_name: name, language, interrupt_mode: "signal" }));
  };
  spec("bench-tslab", [process.execPath, join(ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"], "typescript");
  spec("bench-ipykernel", [PYTHON, "-m", "ipykernel_launcher", "-f", "{connection_file}"], "python");
  const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  const cwd = join(ROOT, "notebooks");
  const tfImport = 'import * as tf from "@tensorflow/tfjs";';
  const pyImport = pythonHeavyImport();
  const lesson = lessonFirstCell("01");
  const runs: [string, string, string, string, string][] = [
    ["tsdl", "bench-tsdl", tfImport, "const v = {i} + 1; v", lesson],
    ["tslab", "bench-tslab", tfImport, "const v = {i} + 1; v", ""],
    ["ipykernel", "bench-ipykernel", pyImport, "v = {i} + 1; v", ""],
  ];
  const results = new Map<string, Figures[]>();
  for (let round = 0; round < rounds; round++) {
    for (const [label, name, heavy, declare, first] of runs) {
      const args = [DRIVER, name, String(cells), "1 + 1", declare, heavy, cwd, first];
      const out = execFileSync(PYTHON, ["-Xfrozen_modules=off", ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      const figures = JSON.parse(out.trim().split("\n").pop()!) as Figures;
      results.set(label, [...(results.get(label) ?? []), figures]);
    }
  }
  rmSync(prefix, { recursive: true, force: true });

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pick = (label: string, key: keyof Figures) => {
    const values = results.get(label)!.map((f) => f[key]).filter((x): x is number => x !== undefined);
    return values.length === 0 ? Number.NaN : median(values);
  };
  const rows: [string, keyof Figures, (x: number) => string][] = [
    ["start-to-ready", "start_s", (x) => `${x.toFixed(2)} s`],
    ["first cell (1 + 1)", "first_cell_ms", (x) => `${x.toFixed(0)} ms`],
    [`median of ${cells} cells (1 + 1)`, "median_cell_ms", (x) => `${x.toFixed(1)} ms`],
    [`median of ${cells} declaring cells (const v = i + 1; v)`, "median_declare_ms", (x) => `${x.toFixed(1)} ms`],
    ["first heavy import", "import_ms", (x) => `${x.toFixed(0)} ms`],
    ["lesson 01's first cell, fresh kernel", "lesson_first_ms", (x) => `${x.toFixed(0)} ms`],
  ];
  const labels = runs.map(([label]) => label);
  const header = ["", ...labels, "tsdl / ipykernel", "tsdl / tslab"];
  const table = rows.map(([title, key, format]) => {
    const values = labels.map((l) => pick(l, key));
    const show = (x: number) => (Number.isNaN(x) ? "—" : format(x));
    const ratio = (a: number, b: number) => (Number.isNaN(a / b) ? "—" : `${(a / b).toFixed(2)}×`);
    return [title, ...values.map(show), ratio(values[0]!, values[2]!), ratio(values[0]!, values[1]!)];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...table].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`kernel latency (${rounds} round${rounds === 1 ? "" : "s"}, median; heavy import: tfjs for tsdl/tslab, "${pyImport}" for ipykernel)`);
  console.log(line(header));
  for (const r of table) console.log(line(r));
}

main();
