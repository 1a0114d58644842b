// The engine loads TypeScript's compiler through V8's code cache: written once, then used;
// a stale or corrupt cache and an unwritable folder only cost the speed-up.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const CODE_CACHE = new URL("../../kernel/code-cache.js", import.meta.url).href;

interface Loaded {
  source: string;
  sum: number;
  dir: string;
  self: boolean;
  saved: string;
}

describe("kernel/code-cache", () => {
  let folder: string;
  let from: string;
  let modulePath: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "tsdl-code-cache-"));
    modulePath = join(folder, "big.cjs");
    writeFileSync(modulePath, "exports.add = (a, b) => a + b;\nexports.dir = __dirname;\nexports.self = require('./big.cjs') === module.exports;\n");
    from = pathToFileURL(join(folder, "index.js")).href;
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  /** Load the module, and save its cache, in a new process, as a new kernel would. */
  function load(cacheDir: string): Loaded {
    const script = `
      const { requireWithCodeCache } = await import(${JSON.stringify(CODE_CACHE)});
      const m = requireWithCodeCache(${JSON.stringify(from)}, "./big.cjs", ${JSON.stringify(cacheDir)});
      const e = m.exports;
      console.log(JSON.stringify({ source: m.source, sum: e.add(2, 3), dir: e.dir, self: e.self, saved: m.save() }));`;
    return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as Loaded;
  }
  const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".v8cache"));

  it("compiles and writes the cache the first time, and uses it the next", () => {
    const dir = join(folder, "cache");
    const first = load(dir);
    assert.equal(first.source, "compiled");
    assert.equal(first.sum, 5);
    assert.equal(first.dir, folder);
    assert.equal(first.self, true, "the module is registered in require's cache while it runs");
    assert.match(first.saved, /written/);
    assert.equal(cacheFiles(dir).length, 1);
    const second = load(dir);
    assert.equal(second.source, "cache");
    assert.equal(second.sum, 5);
    assert.match(second.saved, /used/);
  });

  it("recompiles over a corrupt cache, and rewrites it", () => {
    const dir = join(folder, "cache");
    load(dir);
    const [file] = cacheFiles(dir);
    writeFileSync(join(dir, file!), "not a code cache");
    const again = load(dir);
    assert.equal(again.source, "rejected");
    assert.equal(again.sum, 5);
    assert.match(again.saved, /written/);
    assert.equal(load(dir).source, "cache");
  });

  it("still loads when the cache folder cannot be written", () => {
    const blocker = join(folder, "a-file");
    writeFileSync(blocker, "");
    const loaded = load(join(blocker, "cache"));
    assert.equal(loaded.sum, 5);
    assert.match(loaded.saved, /not written/);
  });

  it("keys the cache by the module's source: an edited module does not use the old cache", () => {
    const dir = join(folder, "cache");
    load(dir);
    writeFileSync(modulePath, "exports.add = (a, b) => a * b;\nexports.dir = __dirname;\n");
    const edited = load(dir);
    assert.equal(edited.source, "compiled");
    assert.equal(edited.sum, 6);
  });
});
