// Which packages a cell starts loading while it compiles (kernel/modules.ts importedPackages).
import assert from "node:assert/strict";
import { importedPackages } from "../../kernel/modules.js";

describe("kernel/modules: the packages a cell imports", () => {
  it("finds static imports and re-exports, over several lines, and not type-only ones", () => {
    const cell = [
      'import * as tf from "@tensorflow/tfjs";',
      "import assert from 'node:assert/strict';",
      "import {",
      "  ensureBackend, linePlot,",
      '} from "tsdl";',
      'import type { Tensor } from "types-only";',
      'import "./local-side-effects";',
      'export { y } from "re-exported";',
    ].join("\n");
    assert.deepEqual(importedPackages(cell), ["@tensorflow/tfjs", "node:assert/strict", "tsdl", "./local-side-effects", "re-exported"]);
  });

  it("ignores imports inside strings, comments past the line start, and dynamic import()", () => {
    const cell = ['const s = "import x from \'nope\'";', "// see import y from 'nor-this'", 'const m = await import("dynamic");', "1 + 1"].join("\n");
    assert.deepEqual(importedPackages(cell), []);
  });
});
