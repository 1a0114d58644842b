/**
 * The engine's V8 startup snapshot: a heap in which TypeScript's compiler is loaded and the
 * declaration files cells use (TypeScript's lib, @types/node, TensorFlow.js, tsdl) are already
 * parsed and bound. A new engine process that starts from it skips the second or so that
 * loading, parsing and binding take, and a lesson's first import skips parsing tfjs's and
 * tsdl's ~700 declaration files.
 *
 * How it is made (`buildEngineSnapshot`, run by `tsdl install`):
 * 1. snapshot-manifest.js compiles a lesson-like cell with the engine and writes a manifest:
 *    the compiler options cells use, and every declaration file their program read, with its
 *    size and modification time;
 * 2. `node --build-snapshot snapshot-builder.cjs MANIFEST` parses and binds those files with
 *    those options, and writes the blob.
 *
 * How it is used: engine-client.ts starts the engine with `--snapshot-blob` when the blob for
 * this Node, this TypeScript and this tsdl exists; the snapshot's main function hands the
 * compiler and the files to the engine (`globalThis` key below) and imports engine-process.js.
 * A file is taken from the snapshot only when its size and modification time still match;
 * any other file is read and parsed as usual. `TSDL_ENGINE_SNAPSHOT=0` turns the snapshot off.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "./code-cache.js";

/** What the snapshot's main function leaves for the engine. */
export interface SnapshotState {
  files: Map<string, SnapshotFile>;
}

export interface SnapshotFile {
  file: import("typescript").SourceFile;
  size: number;
  mtimeMs: number;
  languageVersion: number;
  impliedNodeFormat: number | undefined;
  /** undefined until first asked for; then whether the file on disk is still the same. */
  valid?: boolean;
}

export interface Manifest {
  typescript: string;
  options: import("typescript").CompilerOptions;
  files: { fileName: string; size: number; mtimeMs: number; languageVersion: number; impliedNodeFormat: number | undefined }[];
}

export const SNAPSHOT_GLOBAL = "__tsdlEngineSnapshot";

const state = (): SnapshotState | undefined => (globalThis as Record<string, unknown>)[SNAPSHOT_GLOBAL] as SnapshotState | undefined;

export function snapshotInUse(): boolean {
  return state() !== undefined;
}

/**
 * The snapshot's parsed and bound copy of `fileName`, if it has one parsed the way the program
 * asks for (`languageVersion`, `impliedNodeFormat`) and the file on disk has not changed.
 */
export function snapshotSourceFile(fileName: string, languageVersion: number, impliedNodeFormat: number | undefined): import("typescript").SourceFile | undefined {
  const entry = state()?.files.get(fileName);
  if (entry === undefined || entry.languageVersion !== languageVersion || entry.impliedNodeFormat !== impliedNodeFormat) return undefined;
  if (entry.valid === undefined) {
    const stat = statSync(fileName, { throwIfNoEntry: false });
    entry.valid = stat !== undefined && stat.size === entry.size && stat.mtimeMs === entry.mtimeMs;
  }
  return entry.valid ? entry.file : undefined;
}

const require = createRequire(import.meta.url);
const BUILDER = fileURLToPath(new URL("./snapshot-builder.cjs", import.meta.url));
/** This copy of the package, by where it is. */
const PACKAGE_KEY = createHash("sha256").update(fileURLToPath(import.meta.url)).digest("hex").slice(0, 8);
const MANIFEST = fileURLToPath(new URL("./snapshot-manifest.js", import.meta.url));
/** The engine's code that decides what goes into the blob, and how it is used. */
const SNAPSHOT_CODE = ["./engine.js", "./engine-program.js", "./engine-snapshot.js", "./snapshot-builder.cjs", "./snapshot-manifest.js"].map((f) => fileURLToPath(new URL(f, import.meta.url)));

/** The TypeScript module cells compile with (the one tslab's converter requires). */
export function typescriptPath(): string {
  return createRequire(require.resolve("tslab/dist/converter.js")).resolve("@tslab/typescript-for-tslab");
}

/**
 * Where the snapshot for this Node binary, this TypeScript and this engine lives. Node refuses
 * a blob from another build of itself, so the key holds the binary's path and version; the
 * blob lists files by path, so it holds where this package is; the engine's files that decide
 * what the blob holds count by content, so a rebuild that changes nothing keeps the blob. The
 * declaration files the blob holds are not in the key: buildEngineSnapshot checks them.
 */
export function snapshotPath(dir = cacheDir()): string {
  const stamp = (path: string) => {
    const s = statSync(path);
    return `${path}:${s.size}:${s.mtimeMs}`;
  };
  const content = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
  const key = createHash("sha256")
    .update([process.execPath, process.version, process.arch, fileURLToPath(import.meta.url), stamp(typescriptPath()), stamp(require.resolve("tslab/dist/converter.js"))].join("\n"))
    .update(SNAPSHOT_CODE.map(content).join("\n"))
    .digest("hex")
    .slice(0, 16);
  return join(dir, `engine-${PACKAGE_KEY}-${key}.blob`);
}

/** The blob to start the engine from, or undefined (none built yet, or turned off). */
export function usableSnapshot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env["TSDL_ENGINE_SNAPSHOT"] === "0") return undefined;
  try {
    const path = snapshotPath(cacheDir(env));
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** A cell that imports what the lessons import, so its program reads their declarations. */
export const PROBE_CELL = [
  'import * as tf from "@tensorflow/tfjs";',
  'import * as tsdl from "tsdl";',
  'import assert from "node:assert/strict";',
  "const probe: [typeof tf.add, typeof tsdl.ensureBackend, typeof assert.equal] = [tf.add, tsdl.ensureBackend, assert.equal];",
  "probe",
].join("\n");

/** The manifest a blob was built from, kept beside it. */
const manifestBeside = (blob: string) => blob.replace(/\.blob$/, ".json");

/**
 * Whether every declaration file the blob holds is still as it was: a file that changed since
 * (a rebuilt or upgraded package) is parsed again by every engine, so the blob is built again.
 */
function blobIsCurrent(blob: string): boolean {
  if (!existsSync(blob)) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestBeside(blob), "utf8")) as Manifest;
    return manifest.files.every((f) => {
      const stat = statSync(f.fileName, { throwIfNoEntry: false });
      return stat !== undefined && stat.size === f.size && stat.mtimeMs === f.mtimeMs;
    });
  } catch {
    return false;
  }
}

/**
 * Build the snapshot, if this Node, TypeScript and engine have none yet or the declaration
 * files it holds changed, and return its path and what was done. Both steps run in processes
 * of their own.
 */
export function buildEngineSnapshot(packageRoot: string, dir = cacheDir()): { path: string; built: boolean; seconds: number } {
  const path = snapshotPath(dir);
  if (blobIsCurrent(path)) return { path, built: false, seconds: 0 };
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const manifestFile = `${temporary}.json`;
  const folder = mkdtempSync(join(tmpdir(), "tsdl-snapshot-"));
  try {
    const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: folder, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    run([MANIFEST, manifestFile, packageRoot]);
    // a snapshot's entry script runs without `exports`, which the compiled builder sets
    const entry = join(folder, "snapshot-builder.cjs");
    writeFileSync(entry, `var exports = {};\n${readFileSync(BUILDER, "utf8")}`);
    run(["--snapshot-blob", temporary, "--build-snapshot", entry, manifestFile]);
    renameSync(manifestFile, manifestBeside(path));
    renameSync(temporary, path); // a kernel sees a whole blob or none
    // older blobs of this package go; another copy of tsdl sharing the cache keeps its own
    const ours = new RegExp(`^engine-${PACKAGE_KEY}-[0-9a-f]{16}\\.(blob|json)$`);
    for (const old of readdirSync(dir)) if (ours.test(old) && join(dir, old) !== path && join(dir, old) !== manifestBeside(path)) rmSync(join(dir, old), { force: true });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(manifestFile, { force: true });
    rmSync(temporary, { force: true });
  }
  return { path, built: true, seconds: (performance.now() - started) / 1000 };
}

/** The manifest's files that are real files on disk (not the cells' virtual ones), with their stamps. */
export function manifestOf(program: import("typescript").Program, typescript: string): Manifest {
  const files: Manifest["files"] = [];
  for (const file of program.getSourceFiles()) {
    if (!file.isDeclarationFile) continue;
    const stat = statSync(file.fileName, { throwIfNoEntry: false });
    if (stat === undefined || readFileSync(file.fileName, "utf8") !== file.text) continue;
    files.push({ fileName: file.fileName, size: stat.size, mtimeMs: stat.mtimeMs, languageVersion: file.languageVersion, impliedNodeFormat: file.impliedNodeFormat });
  }
  return { typescript, options: program.getCompilerOptions(), files };
}
