// The `tsdl notebook` and `tsdl assign` commands, run as a user runs them.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseNotebook, serialise, sourceText } from "../../cli/course/ipynb.js";
import { packageRoot } from "../../cli/course/paths.js";

const TSDL = join(packageRoot(), "dist", "cli", "tsdl.js");
const tsdl = (...args: string[]) => spawnSync(process.execPath, [TSDL, ...args], { encoding: "utf8" });

const SOURCE = `// %% [markdown]
// # Demo
// %% {"nbgrader": {"grade_id": "ex", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
const answer = () => {
  // BEGIN SOLUTION
  return 42;
  // END SOLUTION
};
// %% {"nbgrader": {"grade_id": "ex_tests", "solution": false, "grade": true, "locked": true, "points": 1, "schema_version": 3}}
// BEGIN HIDDEN TESTS
if (answer() !== 42) throw new Error("wrong");
// END HIDDEN TESTS
`;

describe("tsdl notebook / tsdl assign (commands)", () => {
  const dir = mkdtempSync(join(tmpdir(), "tsdl-nbcli-"));
  const src = join(dir, "src");
  mkdirSync(src);
  writeFileSync(join(src, "42-demo.ts"), SOURCE);

  it("writes notebooks/NN-slug.ipynb beside src/, and --check then passes", () => {
    const run = tsdl("notebook", join(src, "42-demo.ts"));
    assert.equal(run.status, 0, run.stderr);
    const nb = parseNotebook(readFileSync(join(dir, "42-demo.ipynb"), "utf8"), "42-demo.ipynb");
    assert.equal(nb.cells.length, 3);
    assert.equal(tsdl("notebook", "--check", join(src, "42-demo.ts")).status, 0);
  });

  it("--check fails and names the cell when the notebook drifted from its source", () => {
    const path = join(dir, "42-demo.ipynb");
    const nb = parseNotebook(readFileSync(path, "utf8"), path);
    nb.cells[1]!.source = "const answer = () => 41;";
    writeFileSync(path, serialise(nb));
    const run = tsdl("notebook", "--check", join(src, "42-demo.ts"));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /42-demo\.ipynb: out of date .*\n\s+cell 2: source differs/);
  });

  it("--keep-outputs keeps the outputs of unchanged cells only", () => {
    const path = join(dir, "42-demo.ipynb");
    tsdl("notebook", join(src, "42-demo.ts"));
    const nb = parseNotebook(readFileSync(path, "utf8"), path);
    for (const cell of nb.cells) if (cell.cell_type === "code") cell.outputs = [{ output_type: "stream", name: "stdout", text: "kept\n" }];
    writeFileSync(path, serialise(nb));
    writeFileSync(join(src, "42-demo.ts"), SOURCE.replace("return 42;", "return 6 * 7;"));
    assert.equal(tsdl("notebook", "--keep-outputs", join(src, "42-demo.ts")).status, 0);
    const kept = parseNotebook(readFileSync(path, "utf8"), path).cells.map((c) => (c.cell_type === "code" ? c.outputs.length : -1));
    assert.deepEqual(kept, [-1, 0, 1]);
  });

  it("tsdl assign writes the student version into --out", () => {
    const out = join(dir, "student");
    const run = tsdl("assign", join(dir, "42-demo.ipynb"), "--out", out);
    assert.equal(run.status, 0, run.stderr);
    const nb = parseNotebook(readFileSync(join(out, "42-demo.ipynb"), "utf8"), "student");
    assert.equal(sourceText(nb.cells[1]!), 'const answer = () => {\n  throw new Error("not implemented");\n};');
    assert.equal(sourceText(nb.cells[2]!), "");
  });
});
