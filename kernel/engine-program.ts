/**
 * The program each cell compiles in. tslab's converter asks TypeScript's watch API for its
 * default, a "builder" program, which on every rebuild records which file references which
 * for every file in the program (the lib, @types/node, tfjs: hundreds of files), and makes a
 * type checker just to do so. Cells use that map for one question: which of the notebook
 * folder's own `.ts`/`.js` files does this cell reach, so they are compiled too. This program
 * answers it by walking the imports TypeScript already resolved, from the cell, through the
 * folder's files, not into packages; everything else is the plain program.
 *
 * A rebuild that made no type checker would leave the cell unbound, and tslab reads the cell's
 * top-level names from its bindings, so the cell's own file is bound when it is asked for
 * (binding one small file needs no checker; the checker made later skips bound files).
 *
 * When the engine started from its snapshot, a declaration file the snapshot holds, parsed and
 * bound, is served from there instead of being read and parsed again (engine-snapshot.ts).
 */
import { snapshotSourceFile } from "./engine-snapshot.js";

type Ts = typeof import("typescript");
type Program = import("typescript").Program;
type SourceFile = import("typescript").SourceFile;

/** The part of a builder program that TypeScript's watch API and tslab's converter use. */
export interface CellProgram {
  getProgram(): Program;
  getProgramOrUndefined(): Program | undefined;
  releaseProgram(): void;
  getCompilerOptions(): import("typescript").CompilerOptions;
  getSourceFile(fileName: string): SourceFile | undefined;
  getSourceFiles(): readonly SourceFile[];
  getAllDependencies(sourceFile: SourceFile): string[];
  emit: Program["emit"];
}

interface Internals {
  bindSourceFile(file: SourceFile, options: import("typescript").CompilerOptions): void;
}

/** Bind `file` on its own (TypeScript's binder, which needs no checker): its `locals` are then its top-level names. */
export function bindSourceFile(ts: Ts, file: SourceFile, options: import("typescript").CompilerOptions): void {
  (ts as unknown as Internals).bindSourceFile(file, options);
}

/** TypeScript 5.0 keeps a file's module resolutions on the file. */
interface ResolvedModules {
  forEach(callback: (resolution: import("typescript").ResolvedModuleWithFailedLookupLocations) => void): void;
}

let latest: Program | undefined;

/** The program the last cell compiled in. */
export function latestCellProgram(): Program | undefined {
  return latest;
}

/** A `createProgram` for `ts.createWatchCompilerHost` that makes `CellProgram`s. */
export function cellProgramFactory(ts: Ts) {
  return (
    rootNames: readonly string[] | undefined,
    options: import("typescript").CompilerOptions | undefined,
    host: import("typescript").CompilerHost | undefined,
    old: CellProgram | undefined,
    configFileParsingDiagnostics?: readonly import("typescript").Diagnostic[],
    projectReferences?: readonly import("typescript").ProjectReference[],
  ): CellProgram => {
    const oldProgram = old?.getProgramOrUndefined();
    if (host !== undefined) serveFromSnapshot(host);
    let program: Program | undefined = ts.createProgram({
      rootNames: rootNames ?? [],
      options: options ?? {},
      ...(host === undefined ? {} : { host }),
      ...(oldProgram === undefined ? {} : { oldProgram }),
      ...(configFileParsingDiagnostics === undefined ? {} : { configFileParsingDiagnostics }),
      ...(projectReferences === undefined ? {} : { projectReferences }),
    });
    latest = program;
    const current = (): Program => {
      if (program === undefined) throw new Error("the cell's program was released");
      return program;
    };
    return {
      getProgram: current,
      getProgramOrUndefined: () => program,
      releaseProgram: () => (program = undefined),
      getCompilerOptions: () => current().getCompilerOptions(),
      getSourceFiles: () => current().getSourceFiles(),
      getSourceFile(fileName) {
        const file = current().getSourceFile(fileName);
        if (file !== undefined && (file as { locals?: unknown }).locals === undefined && !file.isDeclarationFile) {
          bindSourceFile(ts, file, current().getCompilerOptions());
        }
        return file;
      },
      getAllDependencies: (sourceFile) => ownDependencies(current(), sourceFile),
      emit: (...args) => current().emit(...args),
    };
  };
}

type Parse = import("typescript").ScriptTarget | import("typescript").CreateSourceFileOptions;
const served = new WeakSet<object>();

/** Make `host` hand out the snapshot's copy of a file when it has one (once per host). */
function serveFromSnapshot(host: import("typescript").CompilerHost): void {
  if (served.has(host)) return;
  served.add(host);
  const fromSnapshot = (fileName: string, parse: Parse) =>
    typeof parse === "number" ? snapshotSourceFile(fileName, parse, undefined) : snapshotSourceFile(fileName, parse.languageVersion, parse.impliedNodeFormat);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, parse, ...rest) => fromSnapshot(fileName, parse) ?? getSourceFile(fileName, parse, ...rest);
  const byPath = host.getSourceFileByPath?.bind(host);
  if (byPath !== undefined) host.getSourceFileByPath = (fileName, path, parse, ...rest) => fromSnapshot(fileName, parse) ?? byPath(fileName, path, parse, ...rest);
}

/**
 * `sourceFile` and every file it reaches through resolved imports that are not a package's
 * (`isExternalLibraryImport`), as file names: the notebook folder's own modules.
 */
function ownDependencies(program: Program, sourceFile: SourceFile): string[] {
  const seen = new Set<string>([sourceFile.fileName]);
  const queue = [sourceFile];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const resolved = (file as unknown as { resolvedModules?: ResolvedModules }).resolvedModules;
    resolved?.forEach(({ resolvedModule: module }) => {
      if (module === undefined || module.isExternalLibraryImport === true || seen.has(module.resolvedFileName)) return;
      seen.add(module.resolvedFileName);
      const next = program.getSourceFile(module.resolvedFileName);
      if (next !== undefined) queue.push(next);
    });
  }
  return [...seen];
}
