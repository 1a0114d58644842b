/**
 * The kernel end to end, through Debian's real Jupyter clients: jupyter_kernel_test's
 * conformance suite (every sample set), the scenarios in py/scenarios.py (interrupt, stdin,
 * signatures, 100,000 lines, ESM-only and `tsdl` imports from any folder), and
 * `jupyter nbconvert --execute` on a notebook whose kernelspec is `tsdl`.
 * The kernelspec is installed with `tsdl install --prefix` into a temporary folder.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PYTHON = "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PY_DIR = join(ROOT, "test", "kernel", "py");
const CLI = join(ROOT, "dist", "cli", "tsdl.js");
const MODULES = ["conformance", "scenarios"];

type Outcome = { status: "ok" | "fail" | "error" | "skip"; detail: string };

function listTests(): string[] {
  const listed = spawnSync(PYTHON, ["run_suite.py", "--list", ...MODULES], { cwd: PY_DIR, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`cannot list the Python tests: ${listed.stderr}`);
  return JSON.parse(listed.stdout) as string[];
}

describe("kernel end to end (real jupyter_client)", function () {
  this.timeout(240_000);
  let prefix: string;
  let env: NodeJS.ProcessEnv;
  let outcomes: Record<string, Outcome>;

  before(async function () {
    prefix = mkdtempSync(join(tmpdir(), "tsdl-kernelspec-"));
    execFileSync(process.execPath, [CLI, "install", "--prefix", prefix], { stdio: "pipe" });
    env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
    outcomes = await new Promise((resolve, reject) => {
      const child = spawn(PYTHON, ["-Xfrozen_modules=off", "run_suite.py", ...MODULES], { cwd: PY_DIR, env });
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
  });

  after(() => rmSync(prefix, { recursive: true, force: true }));

  it("registers the kernelspec where `jupyter kernelspec list` finds it", function () {
    const listed = JSON.parse(execFileSync(PYTHON, ["-m", "jupyter", "kernelspec", "list", "--json"], { env, encoding: "utf8" })) as {
      kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; interrupt_mode: string; language: string; display_name: string } }>;
    };
    const tsdl = listed.kernelspecs["tsdl"];
    assert.ok(tsdl, "tsdl is not listed");
    assert.equal(tsdl.resource_dir, join(prefix, "share", "jupyter", "kernels", "tsdl"));
    assert.deepEqual(tsdl.spec.argv, [process.execPath, CLI, "kernel", "{connection_file}"]);
    assert.equal(tsdl.spec.interrupt_mode, "signal");
    assert.equal(tsdl.spec.language, "typescript");
    assert.equal(tsdl.spec.display_name, "TypeScript (tsdl)");
    const png = readFileSync(join(tsdl.resource_dir, "logo-64x64.png"));
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.equal(png.readUInt32BE(16), 64);
    assert.ok(readFileSync(join(tsdl.resource_dir, "plotly.min.js"), "utf8").length > 1_000_000);
  });

  for (const id of listTests()) {
    const title = id.replace(/^(\w+)\.(\w+)\.test_/, "$1 $2: ").replace(/_/g, " ");
    it(title, function () {
      const outcome = outcomes[id];
      assert.ok(outcome, `${id} did not run`);
      if (outcome.status === "skip") this.skip();
      assert.equal(outcome.status, "ok", outcome.detail);
    });
  }

  it("jupyter nbconvert --execute runs a notebook whose kernelspec is tsdl", function () {
    const folder = mkdtempSync(join(tmpdir(), "tsdl-nbconvert-"));
    const cell = (source: string) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source });
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" } },
      cells: [cell('const greeting: string = "hello";\nconsole.log(greeting);'), cell('display(markdown("**bold**"));\ngreeting.length')],
    };
    writeFileSync(join(folder, "nb.ipynb"), JSON.stringify(notebook));
    const out = execFileSync(PYTHON, ["-Xfrozen_modules=off", "-m", "nbconvert", "--to", "notebook", "--execute", "--stdout", "nb.ipynb"], {
      cwd: folder, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
    });
    rmSync(folder, { recursive: true, force: true });
    const executed = JSON.parse(out) as { cells: { outputs: Record<string, unknown>[] }[] };
    const text = (value: unknown) => (Array.isArray(value) ? value.join("") : value); // nbformat may split lines
    const first = executed.cells[0]!.outputs;
    assert.equal(first.length, 1);
    assert.deepEqual([first[0]!["output_type"], first[0]!["name"], text(first[0]!["text"])], ["stream", "stdout", "hello\n"]);
    const outputs = executed.cells[1]!.outputs;
    assert.equal(outputs[0]!["output_type"], "display_data");
    assert.equal(text((outputs[0]!["data"] as Record<string, unknown>)["text/markdown"]), "**bold**");
    assert.equal(outputs[1]!["output_type"], "execute_result");
    assert.equal(text((outputs[1]!["data"] as Record<string, unknown>)["text/plain"]), "5");
  });
});
