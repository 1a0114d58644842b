// deploy/nbgrader/nbgrader_config.py, loaded as nbgrader loads it (traitlets' PyFileConfigLoader,
// Debian's /usr/bin/python3; Debian packages no nbgrader): its stub and delimiters are the ones
// `tsdl assign` and the lessons use, keyed by the lessons' kernelspec language.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseNotebook } from "../../cli/course/ipynb.js";
import { lessonSources, notebookPathFor, packageRoot } from "../../cli/course/paths.js";
import { CODE_STUB, HIDDEN_TESTS, SOLUTION, TEXT_STUB } from "../../cli/course/regions.js";

const CONFIG_DIR = join(packageRoot(), "deploy", "nbgrader");
const LOAD = `
import json, sys
from traitlets.config.loader import PyFileConfigLoader
config = PyFileConfigLoader("nbgrader_config.py", path=sys.argv[1]).load_config()
print(json.dumps({section: dict(values) for section, values in config.items()}))
`;

interface Loaded {
  ClearSolutions: { code_stub: Record<string, string>; text_stub: string; begin_solution_delimeter: string; end_solution_delimeter: string };
  ClearHiddenTests: { begin_test_delimeter: string; end_test_delimeter: string };
  Execute: { timeout: number };
}

describe("deploy/nbgrader/nbgrader_config.py (traitlets' config loader)", () => {
  const config = JSON.parse(execFileSync("/usr/bin/python3", ["-c", LOAD, CONFIG_DIR], { encoding: "utf8" })) as Loaded;
  const lessons = lessonSources().map((source) => ({ name: basename(source, ".ts"), text: readFileSync(source, "utf8"), notebook: notebookPathFor(source) }));

  it("sets ClearSolutions.code_stub as a dict whose typescript stub is the one tsdl assign writes", () => {
    assert.equal(typeof config.ClearSolutions.code_stub, "object");
    assert.equal(config.ClearSolutions.code_stub["typescript"], CODE_STUB);
    assert.equal(config.ClearSolutions.text_stub, TEXT_STUB);
  });

  it("has a stub for the kernelspec language of every lesson", () => {
    for (const { name, notebook } of lessons) {
      const nb = parseNotebook(readFileSync(notebook, "utf8"), notebook);
      const language = (nb.metadata["kernelspec"] as { language?: string } | undefined)?.language;
      assert.equal(language, "typescript", name);
      assert.ok(language in config.ClearSolutions.code_stub, `${name}: no code_stub for ${language}`);
    }
  });

  it("uses the delimiters of tsdl assign, which the lessons mark their solutions and hidden tests with", () => {
    assert.deepEqual([config.ClearSolutions.begin_solution_delimeter, config.ClearSolutions.end_solution_delimeter], [SOLUTION.begin, SOLUTION.end]);
    assert.deepEqual([config.ClearHiddenTests.begin_test_delimeter, config.ClearHiddenTests.end_test_delimeter], [HIDDEN_TESTS.begin, HIDDEN_TESTS.end]);
    const marked = lessons.filter((l) => l.text.includes(`// ${SOLUTION.begin}`) && l.text.includes(`// ${HIDDEN_TESTS.begin}`));
    assert.ok(marked.length >= 5, `lessons with both regions: ${marked.map((l) => l.name).join(", ")}`);
    for (const { name, text } of lessons) {
      for (const delimiter of [SOLUTION.begin, SOLUTION.end, HIDDEN_TESTS.begin, HIDDEN_TESTS.end]) {
        const lines = text.split("\n").filter((line) => line.includes(delimiter));
        for (const line of lines) assert.match(line, new RegExp(`^\\s*// ${delimiter}$`), `${name}: a delimiter line nbgrader would read differently: ${line}`);
      }
    }
  });

  it("lets a cell run as long as tsdl grade lets it for a class", () => {
    assert.equal(config.Execute.timeout, 120);
  });
});
