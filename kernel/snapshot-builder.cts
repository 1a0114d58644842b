/**
 * Builds the engine's startup snapshot (engine-snapshot.ts): run as
 * `node --snapshot-blob BLOB --build-snapshot snapshot-builder.cjs MANIFEST`.
 *
 * It loads TypeScript's compiler, parses every declaration file the manifest lists, and binds
 * them with the options cells compile with, by making a program of them and its type checker.
 * The checker is dropped; the bound files stay in the heap V8 writes out. When a process
 * starts from the blob, the main function below hands the compiler and the files to the engine
 * and imports the engine's own entry, `process.argv[1]`.
 *
 * A snapshot's builder script may require only Node's own modules, so TypeScript is loaded
 * with `vm`, the way Node's CommonJS loader would; and it runs without `exports`, which
 * engine-snapshot.ts declares for it.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";

// The shapes of engine-snapshot.ts's Manifest and SnapshotFile: TypeScript 5.0 lets a CommonJS
// file name no type from an ES module (that needs resolution-mode, stable from 5.3).
interface Manifest {
  typescript: string;
  options: import("typescript").CompilerOptions;
  files: { fileName: string; size: number; mtimeMs: number; languageVersion: number; impliedNodeFormat: number | undefined }[];
}
type SnapshotFile = Omit<Manifest["files"][number], "fileName"> & { file: import("typescript").SourceFile };

const manifest = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Manifest;
const ts = loadCommonJs(manifest.typescript) as typeof import("typescript");

const wanted = new Map(manifest.files.map((f) => [f.fileName, f]));
const options: import("typescript").CompilerOptions = { ...manifest.options, noResolve: true, noLib: true, types: [] };
const host = ts.createCompilerHost(options);
const program = ts.createProgram({ rootNames: [...wanted.keys()], options, host });
program.getTypeChecker(); // binds every file
const files = new Map<string, SnapshotFile>();
for (const file of program.getSourceFiles()) {
  const entry = wanted.get(file.fileName);
  if (entry === undefined || file.languageVersion !== entry.languageVersion || file.impliedNodeFormat !== entry.impliedNodeFormat) continue;
  const stat = statSync(file.fileName);
  if (stat.size !== entry.size || stat.mtimeMs !== entry.mtimeMs) continue; // changed since the manifest: leave it to the engine
  files.set(file.fileName, { file, size: entry.size, mtimeMs: entry.mtimeMs, languageVersion: entry.languageVersion, impliedNodeFormat: entry.impliedNodeFormat });
}

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // process.cwd(), and TypeScript's memo of it, still answer the builder's folder
  process.chdir(require("node:fs").realpathSync.native("."));
  ts.sys.getCurrentDirectory = () => process.cwd();
  // Node's require works again once the process runs: register the compiler under its path,
  // so tslab's converter and the engine get this instance.
  const { Module, createRequire } = require("node:module") as typeof import("node:module");
  const module = new Module(manifest.typescript);
  module.filename = manifest.typescript;
  module.exports = ts;
  module.loaded = true;
  createRequire(manifest.typescript).cache[manifest.typescript] = module;
  (globalThis as Record<string, unknown>)["__tsdlEngineSnapshot"] = { files }; // SNAPSHOT_GLOBAL: SnapshotState
  // vm's main-context loader is marked experimental in Node 20: no warning about it on the
  // stderr of every kernel
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
    if (String(warning).includes("USE_MAIN_CONTEXT_DEFAULT_LOADER")) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
  const entry = pathToFileURL(process.argv[1]!).href;
  const script = new vm.Script(`import(${JSON.stringify(entry)})`, {
    importModuleDynamically: (vm.constants as unknown as Record<string, never>)["USE_MAIN_CONTEXT_DEFAULT_LOADER"],
  });
  (script.runInThisContext() as Promise<unknown>).catch((error: unknown) => {
    process.stderr.write(`the engine failed to start from its snapshot: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
});

function loadCommonJs(path: string): unknown {
  const code = readFileSync(path, "utf8");
  const module = { exports: {} as unknown };
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  const fn = vm.runInThisContext(wrapper, { filename: path }) as (...args: unknown[]) => void;
  fn.call(module.exports, module.exports, require, module, path, dirname(path));
  return module.exports;
}
