/**
 * Errors as the protocol's error content (`ename`, `evalue`, `traceback`): type errors point
 * at their line and column in the cell; a thrown value's stack stops where the kernel's own
 * frames begin.
 */
import { inspect } from "node:util";
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

/** A thrown value as an error reply; the stack stops where the kernel's own frames begin. */
export function runtimeError(error: unknown): ErrorContent {
  if (!(error instanceof Error)) {
    return { status: "error", ename: "Uncaught", evalue: inspect(error), traceback: [`Uncaught ${inspect(error)}`] };
  }
  const stack = (error.stack ?? `${error.name}: ${error.message}`).split("\n");
  const kernelFrame = stack.findIndex((line, i) => i > 0 && /node:vm|\/dist\/kernel\//.test(line));
  const kept = kernelFrame < 0 ? stack : stack.slice(0, kernelFrame);
  return { status: "error", ename: error.name, evalue: error.message, traceback: kept };
}
