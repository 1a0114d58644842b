// The engine's startup snapshot: built once, used by a new engine, which then compiles cells
// exactly as one started without it; a declaration file changed since is parsed anew, and a
// blob Node refuses costs only the speed-up.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildEngineSnapshot, snapshotPath, snapshotSourceFile, SNAPSHOT_GLOBAL } from "../../kernel/engine-snapshot.js";
import type { SnapshotState } from "../../kernel/engine-snapshot.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLIENT = new URL("../../kernel/engine-client.js", import.meta.url).href;

interface Run {
  log: string[];
  results: { diagnostics: { message: string; code: number }[]; output?: string }[];
}

/** Start an engine as the kernel does, from `cwd`, with `cacheDir`; compile `cells` in turn. */
function engine(cacheDir: string, cwd: string, cells: string[], env: NodeJS.ProcessEnv = {}): Run {
  const script = `
    const { startEngine } = await import(${JSON.stringify(CLIENT)});
    const log = [];
    const e = startEngine({ cwd: process.cwd(), packageRoot: ${JSON.stringify(ROOT)}, log: (t) => log.push(t) });
    await e.ready;
    const results = [];
    let decl = "";
    for (const cell of ${JSON.stringify(cells)}) {
      const r = await e.convert(decl, cell);
      if (r.diagnostics.length === 0) decl = r.declOutput ?? decl;
      results.push({ diagnostics: r.diagnostics.map((d) => ({ message: d.message, code: d.code })), output: r.output });
    }
    await e.close();
    console.log(JSON.stringify({ log, results }));
    process.exit(0);`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd, encoding: "utf8", env: { ...process.env, TSDL_CACHE_DIR: cacheDir, ...env } });
  return JSON.parse(out.trim().split("\n").pop()!) as Run;
}

const CELLS = [
  "1 + 1",
  "const version: string = process.version; version",
  'const wrong: number = "seven";',
  'import * as tf from "@tensorflow/tfjs";\nimport { ensureBackend } from "tsdl";\nconst t = tf.tensor1d([1, 2]);\nconst f: () => Promise<string> = ensureBackend;',
  "const shape: number[] = t.shape; shape",
  "t.notAMethod()",
];

describe("kernel/engine-snapshot", function () {
  this.timeout(180_000);
  let cacheDir: string;
  let notebook: string;
  before(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "tsdl-snapshot-cache-"));
    notebook = mkdtempSync(join(tmpdir(), "tsdl-snapshot-notebook-"));
  });
  after(() => {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(notebook, { recursive: true, force: true });
  });

  it("is built once, with its manifest beside it", () => {
    const built = buildEngineSnapshot(ROOT, cacheDir);
    assert.equal(built.built, true);
    assert.equal(buildEngineSnapshot(ROOT, cacheDir).built, false, "the second build finds the blob");
    assert.deepEqual(readdirSync(cacheDir).filter((f) => f.endsWith(".blob")), [built.path.split("/").pop()]);
  });

  it("is built again when a declaration file it holds changed since", () => {
    const blob = snapshotPath(cacheDir);
    const beside = blob.replace(/\.blob$/, ".json");
    const manifest = JSON.parse(readFileSync(beside, "utf8")) as { files: { fileName: string; mtimeMs: number }[] };
    assert.ok(manifest.files.some((f) => f.fileName.endsWith("/dist/lib/index.d.ts")), "the manifest lists tsdl's declarations");
    manifest.files[0]!.mtimeMs -= 1000; // as if the file had been rewritten since
    writeFileSync(beside, JSON.stringify(manifest));
    assert.equal(buildEngineSnapshot(ROOT, cacheDir).built, true);
    assert.equal(buildEngineSnapshot(ROOT, cacheDir).built, false);
    assert.deepEqual(readdirSync(cacheDir).sort(), [blob, beside].map((p) => p.split("/").pop()).sort());
  });

  it("compiles cells from the blob as an engine started without it does", () => {

    const withSnapshot = engine(cacheDir, notebook, CELLS);
    const without = engine(cacheDir, notebook, CELLS, { TSDL_ENGINE_SNAPSHOT: "0" });
    assert.ok(withSnapshot.log.some((l) => /ready in \d+ ms, from the startup snapshot/.test(l)), withSnapshot.log.join("\n"));
    assert.ok(without.log.some((l) => /without a startup snapshot/.test(l)), without.log.join("\n"));
    assert.deepEqual(withSnapshot.results, without.results);
    const codes = withSnapshot.results.map((r) => r.diagnostics.map((d) => d.code));
    assert.deepEqual(codes, [[], [], [2322], [], [], [2339]], "Node's and tfjs's types hold; wrong types are still errors");
    assert.match(withSnapshot.results[5]!.diagnostics[0]!.message, /notAMethod/);
  });

  it("starts the engine without a blob Node refuses, and says so in the log", () => {
    const broken = mkdtempSync(join(tmpdir(), "tsdl-snapshot-broken-"));
    try {
      writeFileSync(snapshotPath(broken), "not a snapshot");
      const run = engine(broken, notebook, ["const n: number = 1; n", 'const s: number = "s";']);
      assert.ok(run.log.some((l) => /failed to start from its snapshot .* starting it without/.test(l)), run.log.join("\n"));
      assert.deepEqual(run.results.map((r) => r.diagnostics.map((d) => d.code)), [[], [2322]]);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it("serves a file only while its size and modification time match, parsed the way it was asked for", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsdl-snapshot-file-"));
    const path = join(dir, "a.d.ts");
    writeFileSync(path, "declare const a: number;\n");
    utimesSync(path, 1_000_000, 1_000_000);
    const file = { fileName: path } as unknown as import("typescript").SourceFile;
    const entry = () => ({ file, size: 25, mtimeMs: 1_000_000_000, languageVersion: 9, impliedNodeFormat: undefined });
    const globals = globalThis as Record<string, unknown>;
    try {
      globals[SNAPSHOT_GLOBAL] = { files: new Map([[path, entry()]]) } satisfies SnapshotState;
      assert.equal(snapshotSourceFile(path, 9, undefined), file);
      assert.equal(snapshotSourceFile(path, 7, undefined), undefined, "another target");
      assert.equal(snapshotSourceFile(join(dir, "b.d.ts"), 9, undefined), undefined, "a file it does not hold");
      globals[SNAPSHOT_GLOBAL] = { files: new Map([[path, entry()]]) } satisfies SnapshotState;
      writeFileSync(path, "declare const a: string;\n");
      assert.equal(snapshotSourceFile(path, 9, undefined), undefined, "changed on disk");
    } finally {
      delete globals[SNAPSHOT_GLOBAL];
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
