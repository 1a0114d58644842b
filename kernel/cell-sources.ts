/**
 * Where a position in a compiled cell's file is in the cell the user wrote: each cell's
 * file name, its label ("In [3]"), its source and the engine's two source maps (CommonJS →
 * ES module → cell). The maps are parsed only when an error needs them.
 */
import { SourceMap } from "node:module";
import type { SourceMapPayload, SourceMapping } from "node:module";
import type { SourceMaps } from "./engine.js";

/** A place in a cell: 1-based line and column, and that line's text. */
export interface CellPlace {
  label: string;
  line: number;
  column: number;
  text: string;
}

export interface CellSources {
  add(filename: string, cell: { label: string; code: string; output: string; sourceMaps?: SourceMaps }): void;
  /**
   * The cell place of a stack frame's 1-based `line` and `column` in `filename`; `"kernel"`
   * for the kernel's own wrapper around a cell; `undefined` when the file is no cell's.
   */
  locate(filename: string, line: number, column: number): CellPlace | "kernel" | undefined;
}

/** How many cells' maps are kept (a frame from an older cell shows its compiled position). */
const KEPT_CELLS = 1000;

interface Entry {
  label: string;
  lines: string[];
  outputLines: number;
  sourceMaps: SourceMaps | undefined;
  parsed?: { toCjs: SourceMap; toEsm: SourceMap };
}

export function createCellSources(): CellSources {
  const cells = new Map<string, Entry>();
  return {
    add(filename, cell) {
      cells.delete(filename);
      cells.set(filename, { label: cell.label, lines: cell.code.split("\n"), outputLines: cell.output.split("\n").length, sourceMaps: cell.sourceMaps });
      if (cells.size > KEPT_CELLS) cells.delete(cells.keys().next().value!);
    },
    locate(filename, line, column) {
      const cell = cells.get(filename);
      if (cell === undefined) return undefined;
      // The runner puts one line of its own above the cell's code (and numbers from it as line 0)
      // and one below.
      if (line < 1 || line > cell.outputLines) return "kernel";
      if (cell.sourceMaps === undefined) return undefined;
      cell.parsed ??= { toCjs: parse(cell.sourceMaps.toCjs), toEsm: parse(cell.sourceMaps.toEsm) };
      const esm = cell.parsed.toCjs.findEntry(line - 1, column - 1) as Partial<SourceMapping>;
      if (esm.originalLine === undefined || esm.originalColumn === undefined) return undefined;
      const ts = cell.parsed.toEsm.findEntry(esm.originalLine, esm.originalColumn) as Partial<SourceMapping>;
      if (ts.originalLine === undefined || ts.originalColumn === undefined) return undefined;
      const at = ts.originalLine - 1; // tslab's `export {};` line above the cell
      if (at < 0 || at >= cell.lines.length) return "kernel";
      return { label: cell.label, line: at + 1, column: ts.originalColumn + 1, text: cell.lines[at]! };
    },
  };
}

function parse(json: string): SourceMap {
  return new SourceMap(JSON.parse(json) as SourceMapPayload);
}
