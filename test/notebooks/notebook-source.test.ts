// Lesson sources (percent format) → notebooks: the conversion, and no drift between the
// committed notebooks and their sources.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertSource, driftOf } from "../../cli/course/convert.js";
import { parseNotebook, serialise, sourceText } from "../../cli/course/ipynb.js";
import { lessonSources, notebookPathFor } from "../../cli/course/paths.js";
import { percentToNotebook } from "../../cli/course/percent.js";

const SAMPLE = [
  "",
  "// %% [markdown]",
  "// # Title",
  "//",
  "// Text with $x^2$.",
  "",
  "// %%",
  "",
  "const x = 1;",
  "",
  "x + 1",
  "",
  '// %% {"nbgrader": {"grade_id": "ex", "solution": true, "grade": false, "locked": false, "schema_version": 3}}',
  "function f(): number {",
  "  // BEGIN SOLUTION",
  "  return 1;",
  "  // END SOLUTION",
  "}",
  "",
].join("\n");

describe("tsdl notebook: percent source → ipynb", () => {
  it("makes a markdown cell, a code cell with blank edges dropped, and keeps cell metadata", () => {
    const nb = percentToNotebook(SAMPLE, "sample.ts");
    assert.deepEqual(nb.cells.map((c) => c.cell_type), ["markdown", "code", "code"]);
    assert.equal(sourceText(nb.cells[0]!), "# Title\n\nText with $x^2$.");
    assert.equal(sourceText(nb.cells[1]!), "const x = 1;\n\nx + 1");
    assert.deepEqual(nb.cells[2]!.metadata, {
      nbgrader: { grade_id: "ex", solution: true, grade: false, locked: false, schema_version: 3 },
    });
    assert.equal(nb.cells[2]!.id, "ex");
    assert.deepEqual(nb.metadata["kernelspec"], { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" });
    assert.equal(nb.nbformat_minor, 5);
  });

  it("names the file and line of a markdown line without '// '", () => {
    assert.throws(() => percentToNotebook("// %% [markdown]\n// ok\nnot a comment\n", "bad.ts"), /bad\.ts:3: .*not a comment/);
  });

  it("names the file and line of cell metadata that is not JSON", () => {
    assert.throws(() => percentToNotebook("// %% {nbgrader: 1}\nx\n", "bad.ts"), /bad\.ts:1: cell metadata .*not JSON/);
  });

  it("writes the same bytes as Jupyter's nbformat, every time", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsdl-nb-"));
    const file = join(dir, "nb.ipynb");
    const text = serialise(percentToNotebook(SAMPLE, "sample.ts"));
    assert.equal(serialise(percentToNotebook(SAMPLE, "sample.ts")), text);
    writeFileSync(file, text);
    const python = [
      "import nbformat, sys",
      "nb = nbformat.read(sys.argv[1], as_version=4)",
      "nbformat.validate(nb)",
      "sys.stdout.write(nbformat.writes(nb) + '\\n')",
    ].join("\n");
    const viaJupyter = execFileSync("/usr/bin/python3", ["-c", python, file], { encoding: "utf8" });
    assert.equal(text, viaJupyter);
  });
});

describe("committed notebooks match their sources (no drift)", () => {
  const sources = lessonSources();
  it("has lesson sources", () => assert.ok(sources.length > 0, "no notebooks/src/NN-slug.ts found"));
  for (const source of sources) {
    const target = notebookPathFor(source);
    it(`${target.split("/").slice(-2).join("/")} equals the conversion of its source`, () => {
      assert.ok(existsSync(target), `${target} is missing: run \`tsdl notebook\``);
      const drift = driftOf(parseNotebook(readFileSync(target, "utf8"), target), convertSource(source));
      assert.deepEqual(drift, [], `${target} is out of date; run \`tsdl notebook\``);
    });
  }
});
