/**
 * Runs unittest modules from test/kernel/py/ through Debian's /usr/bin/python3 (jupyter_client,
 * jupyter_kernel_test) against the built kernel, installed with `tsdl install --prefix` into a
 * temporary folder, and makes one mocha test of each Python test.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PYTHON = "/usr/bin/python3";
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const CLI = join(ROOT, "dist", "cli", "tsdl.js");
const PY_DIR = join(ROOT, "test", "kernel", "py");

type Outcome = { status: "ok" | "fail" | "error" | "skip" | "missing"; detail: string };

/** Where the kernelspec was installed, and the environment that finds it. */
export interface Installed {
  prefix: string;
  env: NodeJS.ProcessEnv;
}

function listTests(modules: readonly string[]): string[] {
  const listed = spawnSync(PYTHON, ["run_suite.py", "--list", ...modules], { cwd: PY_DIR, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`cannot list the Python tests: ${listed.stderr}`);
  return JSON.parse(listed.stdout) as string[];
}

function runTests(modules: readonly string[], env: NodeJS.ProcessEnv): Promise<Record<string, Outcome>> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ["-Xfrozen_modules=off", "run_suite.py", ...modules], { cwd: PY_DIR, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => {
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as Record<string, Outcome>);
      } catch {
        reject(new Error(`the Python suite exited ${code}: ${stderr.slice(-4000)}`));
      }
    });
  });
}

/**
 * A mocha suite of the Python `modules`; `more` adds tests of its own, which may use the
 * installed kernelspec once the suite's `before` has run.
 */
export function describePythonSuite(title: string, modules: readonly string[], more?: (installed: () => Installed) => void): void {
  describe(title, function () {
    this.timeout(300_000);
    let installed: Installed | undefined;
    let outcomes: Record<string, Outcome> = {};

    before(async function () {
      const prefix = mkdtempSync(join(tmpdir(), "tsdl-kernelspec-"));
      execFileSync(process.execPath, [CLI, "install", "--prefix", prefix], { stdio: "pipe" });
      const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
      installed = { prefix, env };
      outcomes = await runTests(modules, env);
    });

    after(() => {
      if (installed !== undefined) rmSync(installed.prefix, { recursive: true, force: true });
    });

    for (const id of listTests(modules)) {
      const name = id.replace(/^(\w+)\.(\w+)\.test_/, "$1 $2: ").replace(/_/g, " ");
      it(name, function () {
        const outcome = outcomes[id];
        assert.ok(outcome, `${id} did not run`);
        if (outcome.status === "skip") this.skip();
        assert.equal(outcome.status, "ok", outcome.detail);
      });
    }

    more?.(() => {
      assert.ok(installed, "the kernelspec is not installed yet");
      return installed;
    });
  });
}
