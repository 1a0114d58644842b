/**
 * Runs notebooks through Jupyter's own client (nbclient, in Debian's /usr/bin/python3 —
 * never the first python3 on PATH, which may lack Jupyter) on the `tsdl` kernel.
 * @see notebooks/00-welcome.ipynb
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseNotebook, serialise } from "./ipynb.js";
import type { Notebook } from "./ipynb.js";
import { packageRoot } from "./paths.js";

export const PYTHON = "/usr/bin/python3";

export interface ExecuteOptions {
  /** Folder the kernel starts in (relative paths in cells resolve from it). */
  cwd: string;
  /** Keep going after a failing cell (grading) instead of stopping at the first error. */
  allowErrors?: boolean;
  /** Seconds one cell may take. */
  timeout?: number;
  /** The kernel's environment: add JUPYTER_PATH, TSDL_QUICK here. */
  env?: NodeJS.ProcessEnv;
  kernel?: string;
}

export interface ExecuteError {
  kind: "cell" | "timeout" | "dead-kernel" | "client";
  ename: string;
  evalue: string;
  message: string;
  cell_index: number | null;
}

export interface CellStatus {
  status: string | null;
  ename: string | null;
  evalue: string | null;
}

export interface Execution {
  notebook: Notebook;
  seconds: number;
  cellSeconds: Map<number, number>;
  /** Each executed cell's execute_reply status ("ok", "error", "aborted"), with ename/evalue on error. */
  cellStatus: Map<number, CellStatus>;
  error: ExecuteError | null;
  /** What the Python side and the kernel wrote to stderr (kernel logs, warnings). */
  stderr: string;
  /** 1 when the first kernel died before the first cell and a new one ran the notebook. */
  kernelStartRetries: number;
}

/** A Python helper beside this module's source (cli/course/NAME.py; tsc copies no .py). */
export const pythonHelper = (name: string): string => join(packageRoot(), "cli", "course", name);

/** Executes a notebook with nbclient and returns it with its outputs, timings and first error. */
export async function executeNotebook(nb: Notebook, options: ExecuteOptions): Promise<Execution> {
  const dir = mkdtempSync(join(tmpdir(), "tsdl-exec-"));
  try {
    const input = join(dir, "in.ipynb");
    const output = join(dir, "out.ipynb");
    const summaryFile = join(dir, "summary.json");
    writeFileSync(input, serialise(nb));
    const args = [pythonHelper("execute.py"), input, output, summaryFile, "--kernel", options.kernel ?? "tsdl",
      "--timeout", String(options.timeout ?? 900), "--cwd", options.cwd];
    if (options.allowErrors === true) args.push("--allow-errors");
    const { code, stderr } = await run(PYTHON, args, options.env ?? process.env);
    let summary: { seconds: number; cell_seconds: Record<string, number>; cell_status: Record<string, CellStatus>; error: ExecuteError | null; kernel_start_retries: number };
    try {
      summary = JSON.parse(readFileSync(summaryFile, "utf8"));
    } catch {
      throw new Error(`${PYTHON} ${args.slice(0, 2).join(" ")} exited with ${code} and no summary:\n${stderr}`);
    }
    return {
      notebook: parseNotebook(readFileSync(output, "utf8"), output),
      seconds: summary.seconds,
      cellSeconds: new Map(Object.entries(summary.cell_seconds).map(([k, v]) => [Number(k), v])),
      cellStatus: new Map(Object.entries(summary.cell_status).map(([k, v]) => [Number(k), v])),
      error: summary.error,
      stderr,
      kernelStartRetries: summary.kernel_start_retries,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a program, collecting its stderr (stdout is passed through to ours). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stderr }));
  });
}
