// A shorthand property naming an earlier cell's variable compiles to a reference to it.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createCompiler, type Compiler } from "../../kernel/engine.js";

describe("engine: shorthand properties and earlier cells' names", function () {
  this.timeout(120_000);
  let compiler: Compiler;
  let prevDecl: string;
  const root = fileURLToPath(new URL("../../../", import.meta.url));

  before(() => {
    compiler = createCompiler({ cwd: root, packageRoot: root });
    const first = compiler.convert("", "const x = 5; let z = 1;");
    assert.deepEqual(first.diagnostics, []);
    prevDecl = first.declOutput ?? "";
  });
  after(() => compiler.close());

  function compile(src: string): string {
    const result = compiler.convert(prevDecl, src);
    assert.deepEqual(result.diagnostics, [], src);
    return result.output ?? "";
  }

  it("`{ x }` reads the earlier cell's x", () => {
    assert.match(compile("const o = { x };"), /\{ x: exports\.x \}/);
  });

  it("a destructuring assignment `({ z } = …)` writes the earlier cell's z", () => {
    assert.match(compile("({ z } = { z: 9 });"), /\{ z: exports\.z \}/);
  });

  it("leaves names that a parameter, a local, a catch clause or the cell itself declares", () => {
    for (const src of [
      "function g(x: number) { return { x }; }",
      "function h() { const x = 'local'; return { x }; }",
      "const f = () => { var x = 2; if (x) { return { x }; } return {}; };",
      "try { } catch (x) { console.log({ x }); }",
      "for (const x of [1]) console.log({ x });",
      "const x = 3; const o = { x };",
    ]) {
      assert.doesNotMatch(compile(src), /exports\.x\b(?!\s*=)/, src);
    }
  });
});
