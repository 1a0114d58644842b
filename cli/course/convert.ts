/**
 * A lesson source file → its notebook, and how a committed notebook compares with it.
 * @see notebooks/00-welcome.ipynb
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { canonicalJson, sourceText } from "./ipynb.js";
import type { Notebook } from "./ipynb.js";
import { percentToNotebook } from "./percent.js";

/** Reads and converts one lesson source. */
export function convertSource(path: string): Notebook {
  return percentToNotebook(readFileSync(path, "utf8"), basename(path));
}

/**
 * The differences between a notebook's cells and the ones its source converts to (kind,
 * source, metadata; outputs are ignored). Empty when they agree.
 */
export function driftOf(committed: Notebook, fresh: Notebook): string[] {
  const drift: string[] = [];
  if (committed.cells.length !== fresh.cells.length) {
    drift.push(`${committed.cells.length} cells in the notebook, ${fresh.cells.length} in the source`);
  }
  const n = Math.min(committed.cells.length, fresh.cells.length);
  for (let i = 0; i < n; i++) {
    const a = committed.cells[i]!;
    const b = fresh.cells[i]!;
    if (a.cell_type !== b.cell_type) drift.push(`cell ${i + 1}: ${a.cell_type} in the notebook, ${b.cell_type} in the source`);
    else if (sourceText(a) !== sourceText(b)) drift.push(`cell ${i + 1}: source differs (starts ${JSON.stringify(sourceText(b).slice(0, 60))})`);
    else if (canonicalJson(a.metadata["nbgrader"]) !== canonicalJson(b.metadata["nbgrader"])) drift.push(`cell ${i + 1}: nbgrader metadata differs`);
  }
  return drift;
}

/** The fresh notebook, with outputs taken over from cells of `old` that kept id and source. */
export function keepOutputs(fresh: Notebook, old: Notebook): Notebook {
  const byId = new Map(old.cells.map((c) => [c.id, c]));
  return {
    ...fresh,
    cells: fresh.cells.map((cell) => {
      const prior = byId.get(cell.id);
      if (cell.cell_type !== "code" || prior?.cell_type !== "code" || sourceText(prior) !== sourceText(cell)) return cell;
      return { ...cell, outputs: prior.outputs, execution_count: prior.execution_count };
    }),
  };
}
