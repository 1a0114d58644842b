/**
 * Runs one of the Python drivers beside this file (through Debian's /usr/bin/python3, which
 * has jupyter_client) against the built kernel, and returns the JSON object it printed last.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The package root (dist/test/kernel-faults/ → ../../..). */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** The drivers live in the source tree: they are not compiled. */
export const DRIVER_DIR = join(PACKAGE_ROOT, "test", "kernel-faults");
export const PYTHON = "/usr/bin/python3";

/** Kernel working directories, logs and marker files go to a fresh TMPDIR, removed after a passing run. */
export async function runDriver<T>(script: string, args: (string | number)[] = [], timeoutMs = 240_000): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), "tsdl-kernel-faults-"));
  const child = spawn(PYTHON, [join(DRIVER_DIR, script), ...args.map(String)], {
    cwd: DRIVER_DIR,
    env: { ...process.env, TSDL_ROOT: PACKAGE_ROOT, TSDL_NODE: process.execPath, PYTHONDONTWRITEBYTECODE: "1", TMPDIR: scratch },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  const last = stdout.trimEnd().split("\n").at(-1) ?? "";
  if (code !== 0 || !last.startsWith("{")) {
    throw new Error(`${script} ${args.join(" ")} exited with ${code} (kernel logs kept in ${scratch})\n` +
      `stdout tail: ${stdout.slice(-2000)}\nstderr tail: ${stderr.slice(-4000)}`);
  }
  rmSync(scratch, { recursive: true, force: true });
  return JSON.parse(last) as T;
}
