/**
 * Errors as the protocol's error content (`ename`, `evalue`, `traceback`): type errors and
 * runtime stack frames point at their line and column in the cell.
 */
import { dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import type { CellPlace, CellSources } from "./cell-sources.js";
import type { Diagnostic } from "./engine.js";
import type { ErrorContent } from "./messages.js";

/** Type errors as an error reply, each pointing at its line and column in the cell. */
export function typeErrors(code: string, diagnostics: Diagnostic[]): ErrorContent {
  const lines = code.split("\n");
  const traceback = diagnostics.flatMap((d) => {
    const where = `${d.fileName === undefined ? "cell" : d.fileName} line ${d.line + 1}, column ${d.character + 1}`;
    const head = `\x1b[31m${where}: ${d.message} (TS${d.code})\x1b[0m`;
    const source = d.fileName === undefined ? lines[d.line] : undefined;
    return source === undefined ? [head] : [head, `  ${source}`, `  ${" ".repeat(d.character)}^`];
  });
  const first = diagnostics[0]!;
  return {
    status: "error",
    ename: "TypeScriptError",
    evalue: `line ${first.line + 1}, column ${first.character + 1}: ${first.message}` + (diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : ""),
    traceback,
  };
}

/**
 * A thrown value as an error reply. Stack frames in a cell show the cell's line and column;
 * the kernel's own frames (its wrapper around each cell, its files, Node's internals) are
 * hidden; the innermost cell frame's line is shown under the stack.
 */
export function runtimeError(error: unknown, sources?: CellSources): ErrorContent {
  if (!(error instanceof Error)) {
    return { status: "error", ename: "Uncaught", evalue: inspect(error), traceback: [`Uncaught ${inspect(error)}`] };
  }
  const traceback: string[] = [];
  let innermost: CellPlace | undefined;
  for (const line of (error.stack ?? `${error.name}: ${error.message}`).split("\n")) {
    const frame = FRAME.exec(line);
    if (frame === null) {
      traceback.push(line);
      continue;
    }
    const [, callee, file, row, column] = frame as unknown as [string, string | undefined, string, string, string];
    if (file.startsWith(KERNEL_DIR) || file.startsWith(KERNEL_URL) || /^node:(vm|internal\/)/.test(file)) continue;
    const place = sources?.locate(file, Number(row), Number(column));
    if (place === "kernel") continue;
    if (place === undefined) {
      traceback.push(line);
      continue;
    }
    innermost ??= place;
    const where = `${place.label}, line ${place.line}, column ${place.column}`;
    // A function of an earlier cell is called as `exports.name()`, and V8 names the receiver.
    const name = callee?.replace(/^Proxy\./, "");
    traceback.push(name === undefined ? `    at ${where}` : `    at ${name} (${where})`);
  }
  if (innermost !== undefined) {
    traceback.push(`\x1b[31m${innermost.label}, line ${innermost.line}:\x1b[0m`, `  ${innermost.text}`, `  ${" ".repeat(innermost.column - 1)}^`);
  }
  return { status: "error", ename: error.name, evalue: error.message, traceback };
}

/** `    at callee (file:line:column)` or `    at file:line:column`. */
const FRAME = /^\s+at (?:async )?(?:(.*) \()?(.+?):(\d+):(\d+)\)?$/;
const KERNEL_DIR = dirname(fileURLToPath(import.meta.url)) + sep;
const KERNEL_URL = new URL(".", import.meta.url).href;
