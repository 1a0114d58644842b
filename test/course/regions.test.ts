// The student version of a notebook: nbgrader's regions and cells, without executing anything.
import assert from "node:assert/strict";
import { studentVersion } from "../../cli/course/assignment.js";
import { sourceText } from "../../cli/course/ipynb.js";
import type { Notebook } from "../../cli/course/ipynb.js";
import { percentToNotebook } from "../../cli/course/percent.js";

const SOURCE = `// %% [markdown]
// # Exercise
// %% {"nbgrader": {"grade_id": "step", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function step(w: number, lr: number): number {
    // BEGIN SOLUTION
    const g = 2 * w;
    return w - lr * g;
    // END SOLUTION
}
// %% {"nbgrader": {"grade_id": "answer", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
const answer = 42;
// %% {"nbgrader": {"grade_id": "why", "solution": true, "grade": true, "locked": false, "points": 1, "schema_version": 3}}
// %% [markdown] {"nbgrader": {"grade_id": "explain", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
// Because the gradient is 2w.
// %% {"nbgrader": {"grade_id": "step_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(step(1, 0.1), 0.8);
// BEGIN HIDDEN TESTS
assert.equal(step(0, 0.1), 0);
// END HIDDEN TESTS
`;

function student(): Notebook {
  const nb = percentToNotebook(SOURCE, "ex.ts");
  const code = nb.cells[1]!;
  if (code.cell_type === "code") {
    code.outputs = [{ output_type: "stream", name: "stdout", text: "hi\n" }];
    code.execution_count = 3;
  }
  return studentVersion(nb, "ex.ipynb");
}

describe("tsdl assign: the student version", () => {
  it("replaces a solution region by a stub that throws, at the region's indentation", () => {
    assert.equal(sourceText(student().cells[1]!), 'function step(w: number, lr: number): number {\n    throw new Error("not implemented");\n}');
  });
  it("replaces a whole solution cell without delimiters by the stub", () => {
    assert.equal(sourceText(student().cells[2]!), 'throw new Error("not implemented");');
  });
  it("gives a markdown answer cell nbgrader's text stub", () => {
    assert.equal(sourceText(student().cells[4]!), "YOUR ANSWER HERE");
  });
  it("removes hidden tests and keeps the visible ones", () => {
    assert.equal(sourceText(student().cells[5]!), "assert.equal(step(1, 0.1), 0.8);");
  });
  it("clears outputs and execution counts and keeps all metadata", () => {
    const nb = student();
    const original = percentToNotebook(SOURCE, "ex.ts");
    for (const cell of nb.cells) if (cell.cell_type === "code") assert.deepEqual([cell.outputs, cell.execution_count], [[], null]);
    assert.deepEqual(nb.cells.map((c) => c.metadata), original.cells.map((c) => c.metadata));
    assert.deepEqual(nb.metadata, original.metadata);
  });
  it("names the cell of an unclosed region", () => {
    const nb = percentToNotebook('// %% {"nbgrader": {"grade_id": "x", "solution": true, "grade": false, "locked": false, "schema_version": 3}}\n// BEGIN SOLUTION\nf();\n', "bad.ts");
    assert.throws(() => studentVersion(nb, "bad.ipynb"), /bad\.ipynb cell 1 \(x\): "BEGIN SOLUTION" on line 1 is never closed/);
  });
  it("refuses a solution region in a cell not marked as a solution", () => {
    const nb = percentToNotebook("// %%\n// BEGIN SOLUTION\nf();\n// END SOLUTION\n", "bad.ts");
    assert.throws(() => studentVersion(nb, "bad.ipynb"), /does not say solution: true/);
  });
});
