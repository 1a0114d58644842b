// Cells load Node's global types up front and a package's types only when a cell imports it:
// the other packages under node_modules/@types (mocha, jQuery, lodash here) are not parsed for
// every kernel, and a type error against Node's types still stops the cell.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCompiler, type Compiler } from "../../kernel/engine.js";

describe("engine: which declaration files cells load", function () {
  this.timeout(120_000);
  let compiler: Compiler;
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  before(() => (compiler = createCompiler({ cwd: root, packageRoot: root })));
  after(() => compiler.close());
  const codes = (src: string) => compiler.convert("", src).diagnostics.map((d) => d.code);

  it("knows Node's globals and modules", () => {
    assert.deepEqual(codes('import { readFileSync } from "node:fs";\nconst home: string | undefined = process.env["HOME"];\ntypeof readFileSync'), []);
  });

  it("knows Node's globals in a notebook folder without node_modules (this package's @types/node)", () => {
    const folder = mkdtempSync(join(tmpdir(), "tsdl-engine-types-"));
    const elsewhere = createCompiler({ cwd: folder, packageRoot: root });
    try {
      assert.deepEqual(elsewhere.convert("", 'console.log(process.env["HOME"]);').diagnostics, []);
    } finally {
      elsewhere.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("still stops a cell on a type error against Node's types", () => {
    assert.deepEqual(codes("const n: number = process.env;"), [2322]);
  });

  it("loads an @types package when a cell imports it", () => {
    assert.deepEqual(codes('import type { LoDashStatic } from "lodash";\nconst f: LoDashStatic["identity"] | undefined = undefined;\nf'), []);
  });

  it("does not load an @types package's globals that no cell imports (mocha's describe)", () => {
    const found = codes('describe("x", () => {});');
    assert.ok([2304, 2582, 2593].some((code) => found.includes(code)), `expected 'Cannot find name', got ${JSON.stringify(found)}`);
  });
});
