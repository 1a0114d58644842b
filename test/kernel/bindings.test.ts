/**
 * The cells' bindings: what a stopped cell keeps, what it never reached, and the names read
 * off TypeScript's CommonJS preamble.
 */
import assert from "node:assert/strict";
import { createBindings, takeDeclaredNames, UnassignedBindingError } from "../../kernel/bindings.js";

describe("kernel/bindings", () => {
  it("a stopped cell keeps what it assigned; a name it never reached throws, naming it and its cell", () => {
    const b = createBindings();
    const exports = b.exports as Record<string, unknown>;
    const cell = b.begin(["kept", "late"]);
    exports["kept"] = 5;
    cell.end({ stopped: true, cell: "In [3]" });
    assert.equal(exports["kept"], 5);
    assert.throws(() => exports["late"], (e: unknown) => {
      assert.ok(e instanceof UnassignedBindingError);
      assert.match(e.message, /'late' has no value: its cell \(In \[3\]\) stopped before assigning it/);
      return true;
    });
    exports["late"] = "now";
    assert.equal(exports["late"], "now");
  });

  it("while a cell runs, a name it declares again keeps its earlier value until assigned", () => {
    const b = createBindings();
    const exports = b.exports as Record<string, unknown>;
    const first = b.begin(["x"]);
    exports["x"] = 1;
    first.end({ stopped: false });
    const second = b.begin(["x", "y"]);
    const other = b.begin(["z"]); // a subshell's cell, running at the same time
    assert.equal(exports["x"], 1);
    assert.equal(exports["y"], undefined);
    Object.defineProperty(exports, "x", { enumerable: true, get: () => 2 }); // TypeScript's re-export form
    second.end({ stopped: false });
    assert.throws(() => { other.end({ stopped: true, cell: "In [1]" }); exports["z"]; }, /'z' has no value: its cell \(In \[1\]\)/);
    delete (exports as Record<string, unknown>)["z"];
    assert.deepEqual({ ...b.values }, { x: 2, y: undefined });
    assert.equal(Object.getOwnPropertyDescriptor(b.values, "x")?.writable, true);
  });

  it("takes every `exports.a = ... = void 0;` line after the __esModule marker, and nothing else", () => {
    const names = Array.from({ length: 53 }, (_, i) => `v${i}`);
    const chunk = (part: string[]) => part.map((n) => `exports.${n} = `).join("") + "void 0;";
    const js = [
      'Object.defineProperty(exports, "__esModule", { value: true });',
      chunk(names.slice(0, 50)),
      chunk([...names.slice(50), "ünï", "$d"]),
      "const v0 = 0;",
      "exports.v0 = v0;",
      "exports.v1 = void 0;",
    ].join("\n");
    const taken = takeDeclaredNames(js);
    assert.deepEqual(taken.names, [...names, "ünï", "$d"]);
    assert.deepEqual(taken.js.split("\n"), [
      'Object.defineProperty(exports, "__esModule", { value: true });', "", "", "const v0 = 0;", "exports.v0 = v0;", "exports.v1 = void 0;",
    ]);
    assert.deepEqual(takeDeclaredNames("1 + 1;").names, []);
  });
});
