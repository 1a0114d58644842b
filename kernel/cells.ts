/**
 * The kernel's `Engine` for TypeScript: compile the cell in the engine's process, load what it
 * imports, run it here, and turn its last value into a bundle. Once a cell starts running,
 * its declarations carry over to the next one, whether it runs to its end or stops: what it
 * assigned before it stopped is kept (bindings.ts). A cell stopped by a type error, or
 * interrupted while compiling, declared nothing. A user expression runs like a cell that
 * declares nothing.
 *
 * While a cell compiles, the packages it imports start loading (ModuleLoader.warm): a
 * lesson's first cell loads tfjs and tsdl in the time its type check takes. A cell that then
 * fails its type check has still loaded them, as a later cell would; it has run nothing of
 * its own.
 */
import { join } from "node:path";
import type { Engine, ExpressionValue, Outcome } from "./kernel.js";
import type { EngineClient } from "./engine-client.js";
import type { ModuleLoader } from "./modules.js";
import { importedPackages, requiredIds } from "./modules.js";
import type { Output } from "./output.js";
import type { Runner } from "./runner.js";
import { toBundle } from "./display.js";
import { runtimeError, typeErrors } from "./tracebacks.js";
import { createCellSources } from "./cell-sources.js";

export function createCellEngine(deps: {
  compiler: EngineClient;
  loader: ModuleLoader;
  runner: Runner;
  output: Output;
  languageVersion: string;
  cwd: string;
}): Engine {
  const { compiler, loader, runner, output } = deps;
  const sources = createCellSources();
  let prevDecl = "";
  let cellNumber = 0;

  /**
   * Compiling a cell and committing its declarations happen one cell at a time, so cells of
   * several shells each compile against all the declarations before them.
   */
  let compiling: Promise<void> = Promise.resolve();
  function compileTurn(): Promise<() => void> {
    let release!: () => void;
    const previous = compiling;
    compiling = new Promise<void>((resolve) => (release = resolve));
    return previous.then(() => release);
  }

  async function run(code: string, label: string): Promise<Outcome> {
    const turn = compileTurn();
    let release: () => void;
    try {
      release = await Promise.race([turn, runner.interrupted()]); // an interrupt stops a waiting cell too
    } catch (error) {
      void turn.then((r) => r());
      throw error;
    }
    try {
      return await compileAndRun(code, label, release);
    } finally {
      release();
    }
  }

  async function compileAndRun(code: string, label: string, nextMayCompile: () => void): Promise<Outcome> {
    const interrupted = runner.interrupted();
    const warming = loader.warm(importedPackages(code)); // loads while the cell compiles
    const compiled = await Promise.race([compiler.convert(prevDecl, code), interrupted]);
    await Promise.race([warming, interrupted]);
    if (compiled.diagnostics.length > 0) return typeErrors(code, compiled.diagnostics);
    if (compiled.sideOutputs !== undefined) loader.addSideOutputs(compiled.sideOutputs);
    if (compiled.output === undefined) {
      prevDecl = compiled.declOutput ?? "";
      return { status: "ok" };
    }
    await Promise.race([loader.preload(requiredIds(compiled.output)), interrupted]);
    cellNumber += 1;
    const filename = join(deps.cwd, `cell-${cellNumber}.js`);
    sources.add(filename, { label, code, output: compiled.output, ...pick(compiled, "sourceMaps") });
    const running = runner.run(
      { output: compiled.output, ...pick(compiled, "hasToplevelAwait", "lastExpressionVar") },
      { filename, label, require: loader.require },
    );
    prevDecl = compiled.declOutput ?? "";
    nextMayCompile(); // the next cell may compile now, against this one's declarations
    const value = await running;
    return value === undefined ? { status: "ok" } : { status: "ok", result: toBundle(value) };
  }

  /** One of an execute_request's `user_expressions`, in parentheses so it cannot declare anything. */
  async function evaluate(expression: string): Promise<ExpressionValue> {
    const code = `(${expression}\n)`;
    const compiled = await Promise.race([compiler.convert(prevDecl, code), runner.interrupted()]);
    if (compiled.diagnostics.length > 0) return typeErrors(code, compiled.diagnostics);
    if (compiled.output === undefined || compiled.lastExpressionVar === undefined) throw new Error(`not an expression: ${expression}`);
    await Promise.race([loader.preload(requiredIds(compiled.output)), runner.interrupted()]);
    const filename = join(deps.cwd, "user-expression.js");
    const label = "a user expression";
    sources.add(filename, { label, code, output: compiled.output, ...pick(compiled, "sourceMaps") });
    const value = await runner.run(
      { output: compiled.output, ...pick(compiled, "hasToplevelAwait", "lastExpressionVar") },
      { filename, label, require: loader.require },
    );
    return { status: "ok", ...toBundle(value) };
  }

  return {
    languageVersion: deps.languageVersion,
    async execute(code, options) {
      return output.runIn({ parent: options.parent, allowStdin: options.allowStdin }, async () => {
        try {
          return await run(code, `In [${options.executionCount}]`);
        } catch (error) {
          return runtimeError(error, sources);
        }
      });
    },
    async evaluate(expressions, options) {
      return output.runIn({ parent: options.parent, allowStdin: false }, async () => {
        const values: Record<string, ExpressionValue> = {};
        for (const [name, expression] of Object.entries(expressions)) {
          try {
            values[name] = await evaluate(expression);
          } catch (error) {
            values[name] = runtimeError(error, sources);
          }
        }
        return values;
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
