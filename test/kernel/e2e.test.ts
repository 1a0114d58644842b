/**
 * The kernel end to end, through Debian's real Jupyter clients: jupyter_kernel_test's
 * conformance suite (every sample set), the scenarios in py/scenarios.py (interrupt, stdin,
 * signatures, 100,000 lines, ESM-only and `tsdl` imports from any folder), and
 * `jupyter nbconvert --execute` on a notebook whose kernelspec is `tsdl`.
 * The kernelspec is installed with `tsdl install --prefix` into a temporary folder.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, describePythonSuite, PYTHON } from "./py-suite.js";

const MODULES = ["conformance", "scenarios"];

describePythonSuite("kernel end to end (real jupyter_client)", MODULES, (installed) => {
  it("registers the kernelspec where `jupyter kernelspec list` finds it", function () {
    const { prefix, env } = installed();
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

  it("jupyter nbconvert --execute runs a notebook whose kernelspec is tsdl", function () {
    const { env } = installed();
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
