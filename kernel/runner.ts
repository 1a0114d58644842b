/**
 * Runs a compiled cell in this thread, keeping its variables between cells (tslab's scheme:
 * every top-level name lives on one `exports` object). A synchronous loop is stopped by
 * SIGINT (`breakOnSigint`); a pending `await` is stopped by racing it with the interrupt.
 * Either way the cell fails with an `Interrupted` error and everything defined before stays.
 */
import vm from "node:vm";

export class Interrupted extends Error {
  override name = "Interrupted";
  constructor() {
    super("the cell was interrupted");
  }
}

export interface Runnable {
  output: string;
  hasToplevelAwait?: boolean;
  lastExpressionVar?: string;
}

export interface Runner {
  /** Run one cell; resolves with its last expression's value (`undefined` when there is none). */
  run(cell: Runnable, options: { filename: string; require: (id: string) => unknown }): Promise<unknown>;
  /** Rejects when the next interrupt arrives (race it against any wait done for a cell). */
  interrupted(): Promise<never>;
  interrupt(): void;
  /** The variables cells defined, by name. */
  readonly locals: Record<string, unknown>;
}

export function createRunner(): Runner {
  const locals: Record<string, unknown> = {};
  // TypeScript emits `Object.defineProperty(exports, name, { get })` for re-exported imports;
  // storing the value instead keeps every name rebindable by a later cell.
  const exportsProxy = new Proxy(locals, {
    defineProperty(target, key, attributes) {
      if (key === "__esModule") return true;
      target[key as string] = attributes.get ? attributes.get() : attributes.value;
      return true;
    },
  });
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
  process.on("SIGINT", interrupt);

  return {
    locals,
    interrupt,
    interrupted: () => interruptPromise,
    async run(cell, options) {
      const prefix = cell.hasToplevelAwait ? "(async function (exports, require) {\n" : "(function (exports, require) {\n";
      const source = `${prefix}${cell.output}\n})(globalThis[Symbol.for("tsdl.cell")].exports, globalThis[Symbol.for("tsdl.cell")].require)`;
      const script = new vm.Script(source, { filename: options.filename, lineOffset: -1 });
      const pending = interruptPromise;
      (globalThis as Record<symbol, unknown>)[CELL] = { exports: exportsProxy, require: options.require };
      let returned: unknown;
      try {
        returned = script.runInThisContext({ breakOnSigint: true, displayErrors: false });
      } catch (error) {
        throw isSigintError(error) ? new Interrupted() : error;
      } finally {
        delete (globalThis as Record<symbol, unknown>)[CELL];
      }
      if (cell.hasToplevelAwait) await Promise.race([returned, pending]);
      const name = cell.lastExpressionVar;
      if (name === undefined || !Object.hasOwn(locals, name)) return undefined;
      const value = locals[name];
      delete locals[name];
      return value;
    },
  };
}

const CELL = Symbol.for("tsdl.cell");

function isSigintError(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}
