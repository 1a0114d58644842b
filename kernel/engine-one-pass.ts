/**
 * One program per compiled cell, where tslab's converter makes two. tslab compiles the cell,
 * reads the names it declares from the cell's bindings, then compiles it again with
 * `export {those names}` appended, so the next cell's declarations can carry them. This file
 * sits between tslab and TypeScript's watch API (the `system` tslab hands it):
 * - while a cell is converted, the cell's file already reads with that `export {...}` line
 *   (the names come from binding the cell on its own, which is how tslab's program finds them);
 * - so tslab's second compile asks for the very text just compiled, and the rebuild it
 *   schedules is skipped.
 * Completion and inspection read the cell as it is.
 */
import { bindSourceFile } from "./engine-program.js";

type Ts = typeof import("typescript");
type System = import("typescript").System;

export interface OnePass {
  system: System;
  /** Run `convert` with the cell's file read as tslab's second compile will read it. */
  converting<T>(convert: () => T): T;
}

export function onePassPerCell(ts: Ts, rootFiles: readonly string[], system: System, options: import("typescript").CompilerOptions): OnePass {
  const cellFile = rootFiles.find((f) => !f.endsWith(".d.ts"));
  let converting = false;
  /** What each root file read as when the last program was built. */
  let built: string[] | undefined;
  const stale = new Set<unknown>();

  /** The last cell text bound, and its line: a convert reads the same cell text for its rebuild checks and its program. */
  let last: { text: string; line: string } | undefined;
  const exportLine = (text: string): string => {
    if (last?.text === text) return last.line;
    const file = ts.createSourceFile(cellFile ?? "cell.ts", text, options.target ?? ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    bindSourceFile(ts, file, options);
    const names = [...((file as unknown as { locals?: Map<string, unknown> }).locals?.keys() ?? [])];
    last = { text, line: names.length === 0 ? "" : `\nexport {${names.join(", ")}}` };
    return last.line;
  };
  const readFile = (path: string, encoding?: string): string | undefined => {
    const text = system.readFile(path, encoding);
    if (!converting || path !== cellFile || text === undefined) return text;
    const line = exportLine(text);
    return line === "" || text.endsWith(line) ? text : text + line;
  };
  const contents = () => rootFiles.map((f) => readFile(f) ?? "");
  const same = (a: string[] | undefined, b: string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

  const wrapped: System = Object.create(system) as System;
  wrapped.readFile = readFile;
  wrapped.setTimeout = (callback: (...args: unknown[]) => void, ms: number, ...args: unknown[]) => {
    const id: unknown = system.setTimeout!(() => {
      const now = contents();
      if (converting && same(built, now)) {
        stale.add(id); // TypeScript will clear this timer before it sets the next
        return;
      }
      built = now;
      callback(...args);
    }, ms);
    return id;
  };
  wrapped.clearTimeout = (id: unknown) => {
    if (stale.delete(id)) return;
    system.clearTimeout!(id);
  };
  return {
    system: wrapped,
    converting(convert) {
      converting = true;
      try {
        return convert();
      } finally {
        converting = false;
      }
    },
  };
}
