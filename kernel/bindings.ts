/**
 * The cells' top-level bindings. As in tslab, every top-level name a cell declares lives on
 * one object, which compiled cells call `exports`: a cell writes `exports.x = x` after each
 * assignment to its own `x`, and a later cell reads `exports.x`.
 *
 * A cell that stops (a throw, a rejected await, an interrupt) keeps what it assigned, like a
 * stopped Python cell keeps its globals. A name it declared but never reached reads as an
 * `UnassignedBindingError` that names it, until something assigns it. While a cell runs, a
 * name it declares again still holds its earlier value for code from earlier cells.
 */

export class UnassignedBindingError extends ReferenceError {
  override name = "UnassignedBindingError";
  constructor(binding: string, cell: string) {
    super(`'${binding}' has no value: its cell (${cell}) stopped before assigning it; run that cell again or assign '${binding}'`);
  }
}

export interface Bindings {
  /** What compiled cells get as `exports`: writes store plain values, even for TypeScript's getters. */
  readonly exports: object;
  /** The values, by name. */
  readonly values: Record<string, unknown>;
  /** A cell that declares `names` starts running (cells of several shells may run at once). */
  begin(names: readonly string[]): RunningCell;
}

export interface RunningCell {
  /**
   * The cell ended. Names it never assigned are `undefined` if it ran to its end, and an
   * error to read if it stopped (`cell` names it, e.g. "In [3]").
   */
  end(outcome: { stopped: false } | { stopped: true; cell: string }): void;
}

export function createBindings(): Bindings {
  const values: Record<string, unknown> = {};
  /** Names held by a stand-in accessor (not yet assigned by the running cell, or never by a stopped one). */
  const standIns = new Set<string>();

  const assign = (name: string, value: unknown) => {
    standIns.delete(name);
    Object.defineProperty(values, name, { value, writable: true, enumerable: true, configurable: true });
  };
  const standIn = (name: string, get: () => unknown) => {
    standIns.add(name);
    Object.defineProperty(values, name, { get, set: (value: unknown) => assign(name, value), enumerable: true, configurable: true });
  };

  // TypeScript emits `Object.defineProperty(exports, name, { get })` for re-exported imports;
  // storing the value instead keeps every name rebindable by a later cell.
  const exports = new Proxy(values, {
    defineProperty(target, key, attributes) {
      if (key === "__esModule") return true;
      if (typeof key === "string") assign(key, attributes.get ? attributes.get() : attributes.value);
      else Reflect.defineProperty(target, key, attributes);
      return true;
    },
  });

  return {
    exports,
    values,
    begin(names) {
      for (const name of names) {
        const earlier = Object.getOwnPropertyDescriptor(values, name);
        standIn(name, earlier?.get ?? (() => earlier?.value));
      }
      return {
        end(outcome) {
          for (const name of names) {
            if (!standIns.has(name)) continue;
            if (!outcome.stopped) assign(name, undefined);
            else {
              const error = () => {
                throw new UnassignedBindingError(name, outcome.cell);
              };
              standIn(name, error);
            }
          }
        },
      };
    },
  };
}

/**
 * Take TypeScript's `exports.a = exports.b = void 0;` lines (one per 50 names) off the top of a
 * compiled cell: they would assign every name before the cell reached it. Returns the rest of
 * the code, unchanged line for line (the lines become empty), and the names they listed.
 */
export function takeDeclaredNames(js: string): { js: string; names: string[] } {
  const lines = js.split("\n");
  const names: string[] = [];
  const esModule = lines.findIndex((line) => line.startsWith('Object.defineProperty(exports, "__esModule"'));
  for (let i = esModule + 1; esModule >= 0 && i < lines.length; i++) {
    const line = lines[i]!;
    if (!PREAMBLE.test(line)) break;
    for (const match of line.matchAll(NAME)) names.push(match[1]!);
    lines[i] = "";
  }
  return { js: lines.join("\n"), names };
}

const IDENTIFIER = String.raw`[\p{L}\p{Nl}_$][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_$\u200c\u200d]*`;
const PREAMBLE = new RegExp(String.raw`^(?:exports\.${IDENTIFIER} = )+void 0;$`, "u");
const NAME = new RegExp(String.raw`exports\.(${IDENTIFIER}) = `, "gu");
