/**
 * The kernel's `Engine` for TypeScript: compile the cell on the engine thread, load what it
 * imports, run it here, and turn its last value into a bundle. Once a cell starts running,
 * its declarations carry over to the next one, whether it runs to its end or stops: what it
 * assigned before it stopped is kept (bindings.ts). A cell stopped by a type error, or
 * interrupted while compiling, declared nothing.
 */
import { inspect } from "node:util";
import { join } from "node:path";
import type { Engine, Outcome } from "./kernel.js";
import type { EngineClient } from "./engine-client.js";
import type { Diagnostic } from "./engine.js";
import type { ModuleLoader } from "./modules.js";
import { requiredIds } from "./modules.js";
import type { Output } from "./output.js";
import type { Runner } from "./runner.js";
import { toBundle } from "./display.js";

export function createCellEngine(deps: {
  compiler: EngineClient;
  loader: ModuleLoader;
  runner: Runner;
  output: Output;
  languageVersion: string;
  cwd: string;
}): Engine {
  const { compiler, loader, runner, output } = deps;
  let prevDecl = "";
  let cellNumber = 0;

  async function run(code: string, label: string): Promise<Outcome> {
    const interrupted = runner.interrupted();
    const compiled = await Promise.race([compiler.convert(prevDecl, code), interrupted]);
    if (compiled.diagnostics.length > 0) return typeErrors(code, compiled.diagnostics);
    if (compiled.sideOutputs !== undefined) loader.addSideOutputs(compiled.sideOutputs);
    if (compiled.output === undefined) {
      prevDecl = compiled.declOutput ?? "";
      return { status: "ok" };
    }
    await Promise.race([loader.preload(requiredIds(compiled.output)), interrupted]);
    cellNumber += 1;
    const running = runner.run(
      { output: compiled.output, ...pick(compiled, "hasToplevelAwait", "lastExpressionVar") },
      { filename: join(deps.cwd, `cell-${cellNumber}.js`), label, require: loader.require },
    );
    prevDecl = compiled.declOutput ?? "";
    const value = await running;
    return value === undefined ? { status: "ok" } : { status: "ok", result: toBundle(value) };
  }

  return {
    languageVersion: deps.languageVersion,
    async execute(code, options) {
      return output.runIn({ parent: options.parent, allowStdin: options.allowStdin }, async () => {
        try {
          return await run(code, `In [${options.executionCount}]`);
        } catch (error) {
          return runtimeError(error);
        }
      });
    },
    async complete(code, cursor) {
      return compiler.complete(prevDecl, code, cursor);
    },
    async inspect(code, cursor) {
      const text = await compiler.inspect(prevDecl, code, cursor);
      return text === undefined ? undefined : { "text/plain": text, "text/markdown": "```typescript\n" + text + "\n```" };
    },
    isComplete: (code) => compiler.isComplete(code),
    interrupt: () => runner.interrupt(),
  };
}

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}

/** Type errors as an error reply, each pointing at its line and column in the cell. */
function typeErrors(code: string, diagnostics: Diagnostic[]): Outcome {
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
function runtimeError(error: unknown): Outcome {
  if (!(error instanceof Error)) {
    return { status: "error", ename: "Uncaught", evalue: inspect(error), traceback: [`Uncaught ${inspect(error)}`] };
  }
  const stack = (error.stack ?? `${error.name}: ${error.message}`).split("\n");
  const kernelFrame = stack.findIndex((line, i) => i > 0 && /node:vm|\/dist\/kernel\//.test(line));
  const kept = kernelFrame < 0 ? stack : stack.slice(0, kernelFrame);
  return { status: "error", ename: error.name, evalue: error.message, traceback: kept };
}
