/**
 * Runs a compiled cell in this thread, keeping its variables between cells (bindings.ts). An
 * interrupt (`interrupt()`, which main.ts calls for each SIGINT, see interrupts.ts) stops it:
 * code in the cell's synchronous part by `breakOnSigint`, a loop of the cell's anywhere by
 * its loop guard, and a pending `await` by racing it with the interrupt. Either way the cell
 * fails with an `Interrupted` error, and, as after any error, what it assigned before it
 * stopped stays.
 */
import vm from "node:vm";
import { createBindings, takeDeclaredNames } from "./bindings.js";
import { Interrupted } from "./interrupts.js";

export interface Runnable {
  output: string;
  hasToplevelAwait?: boolean;
  lastExpressionVar?: string;
}

export interface Runner {
  /**
   * Run one cell; resolves with its last expression's value (`undefined` when there is none).
   * `label` names the cell in errors about names it declared but never reached ("In [3]").
   */
  run(cell: Runnable, options: { filename: string; label: string; require: (id: string) => unknown }): Promise<unknown>;
  /** Rejects when the next interrupt arrives (race it against any wait done for a cell). */
  interrupted(): Promise<never>;
  interrupt(): void;
  /** The variables cells defined, by name. */
  readonly locals: Record<string, unknown>;
}

export function createRunner(): Runner {
  const bindings = createBindings();
  const locals = bindings.values;
  let rejectInterrupt: (error: Interrupted) => void = () => undefined;
  let interruptPromise: Promise<never>;
  const reset = () => {
    interruptPromise = new Promise<never>((_, reject) => (rejectInterrupt = reject));
    interruptPromise.catch(() => undefined);
  };
  reset();
  const interrupt = () => {
    rejectInterrupt(new Interrupted());
    reset();
  };

  return {
    locals,
    interrupt,
    interrupted: () => interruptPromise,
    async run(cell, options) {
      const { js, names } = takeDeclaredNames(cell.output);
      const prefix = cell.hasToplevelAwait ? "(async function (exports, require) {\n" : "(function (exports, require) {\n";
      const source = `${prefix}${js}\n})(globalThis[Symbol.for("tsdl.cell")].exports, globalThis[Symbol.for("tsdl.cell")].require)`;
      const script = new vm.Script(source, { filename: options.filename, lineOffset: -1 });
      const pending = interruptPromise;
      const last = cell.lastExpressionVar;
      const running = bindings.begin(names.filter((name) => name !== last));
      let stopped = true;
      try {
        let returned: unknown;
        (globalThis as Record<symbol, unknown>)[CELL] = { exports: bindings.exports, require: options.require };
        try {
          returned = script.runInThisContext({ breakOnSigint: true, displayErrors: false });
        } catch (error) {
          throw isSigintError(error) ? new Interrupted() : error;
        } finally {
          delete (globalThis as Record<symbol, unknown>)[CELL];
        }
        if (cell.hasToplevelAwait) await Promise.race([returned, pending]);
        stopped = false;
        return last === undefined ? undefined : locals[last];
      } finally {
        running.end(stopped ? { stopped: true, cell: options.label } : { stopped: false });
        if (last !== undefined) delete locals[last];
      }
    },
  };
}

const CELL = Symbol.for("tsdl.cell");

function isSigintError(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}
