// A kernel that dies before the notebook's first cell (on a busy machine, a port Jupyter chose
// can be taken before the kernel binds it; the kernel then exits naming it) is started once
// more by the course's executor, which grading uses too: no student's notebook is blamed for
// it. A kernel that never starts is still reported, after one retry.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CodeCell, Notebook } from "../../cli/course/ipynb.js";
import { executeNotebook } from "../../cli/course/jupyter.js";
import { packageRoot } from "../../cli/course/paths.js";

const notebook = (name: string): Notebook => ({
  nbformat: 4, nbformat_minor: 5,
  metadata: { kernelspec: { name, display_name: name, language: "typescript" } },
  cells: [{ cell_type: "code", id: "c0", execution_count: null, outputs: [], metadata: {}, source: "40 + 2" }],
}) as unknown as Notebook;

describe("the course's executor, when a kernel dies before the first cell", function () {
  this.timeout(180_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const marker = () => join(dir, "first-start");

  /** A kernelspec whose kernel exits 1 at its first start (or at every start), then runs tsdl's. */
  function kernelspec(name: string, failEveryTime: boolean): void {
    const spec = join(dir, "jupyter", "kernels", name);
    mkdirSync(spec, { recursive: true });
    const tsdl = join(packageRoot(), "dist", "cli", "tsdl.js");
    const script = failEveryTime
      ? `echo 'cannot bind shell_port' >&2; exit 1`
      : `if [ ! -e '${marker()}' ]; then : > '${marker()}'; echo 'cannot bind shell_port' >&2; exit 1; fi; exec '${process.execPath}' '${tsdl}' kernel "$0"`;
    writeFileSync(join(spec, "kernel.json"), JSON.stringify({ argv: ["/bin/sh", "-c", script, "{connection_file}"], display_name: name, language: "typescript" }));
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "tsdl-kernel-start-"));
    kernelspec("dies-once", false);
    kernelspec("never-starts", true);
    env = { ...process.env, JUPYTER_PATH: join(dir, "jupyter") };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("starts a new kernel once, and the notebook runs on it", async () => {
    const run = await executeNotebook(notebook("dies-once"), { cwd: dir, env, kernel: "dies-once", timeout: 60 });
    assert.ok(existsSync(marker()), "the first kernel never started");
    assert.equal(run.error, null, run.stderr);
    assert.equal(run.kernelStartRetries, 1);
    const cell = run.notebook.cells[0] as CodeCell;
    assert.deepEqual(cell.outputs.map((o) => (o as { data?: Record<string, string[]> }).data?.["text/plain"]), [["42"]]);
  });

  it("reports a kernel that never starts, after one retry", async () => {
    const run = await executeNotebook(notebook("never-starts"), { cwd: dir, env, kernel: "never-starts", timeout: 60 });
    assert.equal(run.kernelStartRetries, 1);
    assert.equal(run.error?.kind, "client", JSON.stringify(run.error));
    assert.match(run.error!.evalue, /died/);
  });
});
