/**
 * The TypeScript engine: tslab's incremental converter (type-checked cell → JavaScript,
 * declarations carried between cells, top-level `await`, completion and quick info).
 * The only file that imports tslab. It runs in a process of its own (engine-process.ts), so
 * the compiler loads while the kernel is already answering, user code never shares its heap,
 * and it can start from a startup snapshot (engine-snapshot.ts).
 *
 * tslab's converter emits no source maps; the engine hands it a TypeScript module that turns
 * them on, so each compiled cell comes with the maps from its own lines to the cell's. The
 * same module guards every loop the cell (or a notebook-folder module) compiles to, so an
 * interrupt stops it wherever it runs (loop-guard.ts).
 *
 * Module lookups from the notebook's folder fall back to this package: `tsdl` always means
 * this package, and a bare import the folder lacks resolves to this package's node_modules,
 * so type-checking agrees with what modules.ts loads at run time.
 */
import { createRequire } from "node:module";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { USER_GLOBALS } from "./user-globals.js";
import { expandShorthandToPrevious } from "./shorthand.js";
import { loopGuard } from "./loop-guard.js";
import { requireWithCodeCache } from "./code-cache.js";
import { cellProgramFactory, latestCellProgram } from "./engine-program.js";
import { onePassPerCell } from "./engine-one-pass.js";
import type { OnePass } from "./engine-one-pass.js";
import { manifestOf, PROBE_CELL, typescriptPath } from "./engine-snapshot.js";
import type { Manifest } from "./engine-snapshot.js";

const require = createRequire(import.meta.url);
type Ts = typeof import("typescript");
/** TypeScript's compiler, loaded through V8's code cache (code-cache.ts). */
const typescript = requireWithCodeCache(import.meta.url, "@tslab/typescript-for-tslab");
const ts = typescript.exports as Ts;

/** Write the code cache of the TypeScript compiler; call it once the compiler is warm. */
export function saveCodeCache(): string {
  return `typescript loaded from ${typescript.source}; ${typescript.save()}`;
}

export interface Diagnostic {
  line: number; // zero-based, in the cell
  character: number;
  message: string;
  code: number;
  fileName?: string;
}

/**
 * How a compiled cell's positions lead back to the cell: `toCjs` maps the CommonJS code that
 * runs to the ES module code TypeScript emitted, and `toEsm` maps that to the cell's source
 * (one line down: tslab puts `export {};` above the cell).
 */
export interface SourceMaps {
  toEsm: string;
  toCjs: string;
}

export interface Compiled {
  diagnostics: Diagnostic[];
  output?: string;
  sourceMaps?: SourceMaps;
  declOutput?: string;
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: { path: string; data: string }[];
}

export interface Completions {
  matches: string[];
  start: number;
  end: number;
}

export interface Compiler {
  convert(prevDecl: string, src: string): Compiled;
  complete(prevDecl: string, src: string, position: number): Completions;
  inspect(prevDecl: string, src: string, position: number): string | undefined;
  isComplete(src: string): { status: "complete" | "incomplete" | "invalid"; indent?: string };
  /** Compile a lesson-like cell and list the declaration files it read, for the startup snapshot. */
  snapshotManifest(): Manifest;
  close(): void;
}

interface TslabConverter {
  convert(prevDecl: string, src: string): {
    output?: string;
    declOutput?: string;
    diagnostics: { start: { line: number; character: number }; messageText: string; code: number; fileName?: string }[];
    lastExpressionVar?: string;
    hasToplevelAwait?: boolean;
    sideOutputs?: { path: string; data: string }[];
  };
  complete(prevDecl: string, src: string, position: number): { start: number; end: number; candidates: string[] };
  inspect(prevDecl: string, src: string, position: number): import("typescript").QuickInfo | undefined;
  close(): void;
}

/** The TypeScript version the engine checks cells with. */
export const TYPESCRIPT_VERSION: string = ts.version;

/** Create the compiler for cells run from `cwd` (the notebook's folder), falling back to `packageRoot`. */
export function createCompiler(options: { cwd: string; packageRoot: string }): Compiler {
  overlayNodeModules(options.cwd, options.packageRoot);
  const maps = emitSourceMaps();
  const tslab = require("tslab/dist/converter.js") as {
    createConverter(): TslabConverter;
    isCompleteCode(src: string): { completed: boolean; indent?: string };
  };
  const converter = tslab.createConverter();
  quietSkippedRebuilds();
  return {
    convert(prevDecl, src) {
      maps.last = undefined;
      const cell = expandShorthandToPrevious(ts, prevDecl, src);
      const result = maps.onePass === undefined ? converter.convert(prevDecl, cell) : maps.onePass.converting(() => converter.convert(prevDecl, cell));
      return {
        ...result,
        ...(result.output === undefined || maps.last === undefined ? {} : { sourceMaps: maps.last }),
        diagnostics: result.diagnostics.map((d) => ({
          line: d.start.line,
          character: d.start.character,
          message: d.messageText,
          code: d.code,
          ...(d.fileName === undefined ? {} : { fileName: d.fileName }),
        })),
      };
    },
    complete(prevDecl, src, position) {
      const info = converter.complete(prevDecl, src, position);
      return { matches: info.candidates, start: info.start, end: info.end };
    },
    inspect(prevDecl, src, position) {
      for (const at of [position, position - 1]) {
        if (at < 0) continue;
        const info = converter.inspect(prevDecl, src, at);
        if (info === undefined) continue;
        const signature = ts.displayPartsToString(info.displayParts);
        const doc = ts.displayPartsToString(info.documentation);
        const tags = (info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`.trim());
        return [signature, doc, ...tags].filter((s) => s !== "").join("\n\n");
      }
      return undefined;
    },
    isComplete(src) {
      return isComplete(src, tslab.isCompleteCode);
    },
    snapshotManifest() {
      const compiled = this.convert("", PROBE_CELL);
      const program = latestCellProgram();
      if (compiled.diagnostics.length > 0 || program === undefined) {
        throw new Error(`the snapshot's probe cell did not compile: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
      }
      return manifestOf(program, typescriptPath());
    },
    close() {
      converter.close();
    },
  };
}

/**
 * Make tslab's converter emit source maps: it is handed (through the module cache) a copy of
 * the TypeScript module whose watch host writes inline maps, and whose `transpileModule` (the
 * ES module → CommonJS step, last for the cell itself) takes the inline map off and makes
 * one of its own. `last` holds the maps of the latest such step.
 */
function emitSourceMaps(): { last: SourceMaps | undefined; onePass?: OnePass } {
  const state: { last: SourceMaps | undefined; onePass?: OnePass } = { last: undefined };
  const path = createRequire(require.resolve("tslab/dist/converter.js")).resolve("@tslab/typescript-for-tslab");
  const cached = require.cache[path];
  if (cached === undefined || cached.exports !== ts) return state; // another copy: run without maps
  const createWatchCompilerHost = ts.createWatchCompilerHost as (...args: unknown[]) => unknown;
  const guard = loopGuard(ts);
  const replaced: Record<string, unknown> = {
    createWatchCompilerHost: (...args: unknown[]) => {
      if (Array.isArray(args[0])) {
        const roots = args[0] as string[];
        args[1] = cellOptions(args[1] as import("typescript").CompilerOptions);
        args[3] ??= cellProgramFactory(ts); // instead of a builder program (engine-program.ts)
        state.onePass = onePassPerCell(ts, roots, args[2] as import("typescript").System, args[1] as import("typescript").CompilerOptions);
        // the globals are a root from the first program on: added later (tslab's addModule),
        // they would change the roots, and TypeScript would build every file's program again
        const globals = join(dirname(roots[0]!), "__tsdl_globals__.d.ts");
        args[2] = withFile(state.onePass.system, globals, `export {};\n${USER_GLOBALS}`);
        args[0] = [...roots, globals];
      }
      return createWatchCompilerHost(...args);
    },
    transpileModule: (input: string, transpileOptions: import("typescript").TranspileOptions) => {
      const inline = INLINE_MAP.exec(input);
      const code = inline === null ? input : input.slice(0, inline.index);
      const result = ts.transpileModule(code, {
        ...transpileOptions,
        compilerOptions: { ...transpileOptions.compilerOptions, sourceMap: true },
        transformers: { before: [guard] },
      });
      if (inline !== null && result.sourceMapText !== undefined) {
        state.last = { toEsm: Buffer.from(inline[1]!, "base64").toString("utf8"), toCjs: result.sourceMapText };
      }
      return { ...result, outputText: result.outputText.replace(MAP_COMMENT, "") };
    },
  };
  const patched: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) {
    const value = replaced[key];
    Object.defineProperty(patched, key, value === undefined
      ? { enumerable: true, get: () => (ts as unknown as Record<string, unknown>)[key] }
      : { enumerable: true, value });
  }
  cached.exports = patched;
  return state;
}

/**
 * The options cells compile with: tslab's, with inline source maps, and with only Node's
 * global types (`@types/node`) loaded up front. Without `types`, TypeScript loads every
 * package under every `node_modules/@types` above the notebook (jQuery, React, lodash... when
 * they happen to be installed), ~3 MB of declarations each kernel parses before its first
 * cell. A package's types still load when a cell imports the package.
 */
function cellOptions(options: import("typescript").CompilerOptions): import("typescript").CompilerOptions {
  // ts.sys sees the notebook folder's node_modules through this package's (overlayNodeModules)
  const hasNode = (options.typeRoots ?? []).some((root) => ts.sys.fileExists(join(root, "node", "package.json")));
  return { ...options, inlineSourceMap: true, types: hasNode ? ["node"] : [] };
}

/** `system`, with one more file, `path`, that reads as `text` and never changes. */
function withFile(system: import("typescript").System, path: string, text: string): import("typescript").System {
  const wrapped = Object.create(system) as import("typescript").System;
  wrapped.readFile = (p, encoding) => (p === path ? text : system.readFile(p, encoding));
  wrapped.fileExists = (p) => p === path || system.fileExists(p);
  wrapped.watchFile = (p, callback, interval, options) => (p === path ? { close: () => undefined } : system.watchFile!(p, callback, interval, options));
  return wrapped;
}

/** tslab warns when its second compile of a cell makes no new program: engine-one-pass.ts skips it on purpose. */
function quietSkippedRebuilds(): void {
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (args.length === 1 && args[0] === "builder is not recreated though contents are changed.") return;
    warn(...args);
  };
}

const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const MAP_COMMENT = /\n?\/\/# sourceMappingURL=\S*\s*$/;

/**
 * complete / incomplete (with the indent for the next line) / invalid. Code whose only
 * syntax errors sit at its very end is waiting for more; any other syntax error is invalid.
 */
function isComplete(
  src: string,
  tslabIsComplete: (src: string) => { completed: boolean; indent?: string },
): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
  const file = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics: import("typescript").Diagnostic[] }).parseDiagnostics;
  if (diagnostics.length === 0) return { status: "complete" };
  const atEnd = (d: import("typescript").Diagnostic) => (d.start ?? 0) + (d.length ?? 0) >= src.trimEnd().length;
  const unterminated = (d: import("typescript").Diagnostic) =>
    d.code === 1160 /* Unterminated template literal */ || d.code === 1010 /* '*\/' expected */;
  if (diagnostics.some((d) => !atEnd(d) && !unterminated(d))) return { status: "invalid" };
  if (diagnostics.some(unterminated)) return { status: "incomplete", indent: "" };
  const tslab = tslabIsComplete(src);
  if (tslab.completed) return { status: "invalid" };
  return { status: "incomplete", indent: tslab.indent ?? "" };
}

/**
 * Make `<cwd>/node_modules/<name>` visible to the compiler when the folder has no such
 * package but this one does, and `<cwd>/node_modules/tsdl` always this package.
 */
function overlayNodeModules(cwd: string, packageRoot: string): void {
  const prefix = join(resolve(cwd), "node_modules") + sep;
  const own = join(packageRoot, "node_modules");
  const redirect = (path: string): string => {
    if (!path.startsWith(prefix)) return path;
    const rest = path.slice(prefix.length);
    const parts = rest.split(sep);
    const nameParts = parts[0]?.startsWith("@") ? 2 : 1;
    const name = parts.slice(0, nameParts).join(sep);
    if (name === "tsdl") return join(packageRoot, ...parts.slice(1));
    if (name === "" || existsSync(prefix + name)) return path;
    const fallback = join(own, rest);
    return existsSync(join(own, name)) ? fallback : path;
  };
  const sys = ts.sys as unknown as Record<string, (...args: never[]) => unknown>;
  for (const method of ["fileExists", "readFile", "directoryExists", "getDirectories", "readDirectory", "getModifiedTime", "watchFile", "watchDirectory"]) {
    const original = sys[method];
    if (typeof original !== "function") continue;
    sys[method] = ((path: string, ...rest: never[]) => original.call(ts.sys, redirect(path) as never, ...rest)) as never;
  }
  const realpath = sys["realpath"];
  sys["realpath"] = ((path: string) => {
    const target = redirect(path);
    return realpath === undefined ? target : (realpath.call(ts.sys, target as never) as string);
  }) as never;
  const directoryExists = sys["directoryExists"]!;
  sys["directoryExists"] = ((path: string) =>
    path === prefix.slice(0, -1) ? existsSync(path) || statSync(own, { throwIfNoEntry: false })?.isDirectory() === true : directoryExists(path as never)) as never;
}
