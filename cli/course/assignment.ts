/**
 * The student version of a lesson, as nbgrader's "generate_assignment" makes it: solutions
 * replaced by a stub that throws "not implemented", hidden tests removed, outputs and
 * execution counts cleared, all metadata kept.
 * @see notebooks/00-welcome.ipynb
 */
import { sourceText } from "./ipynb.js";
import type { Cell, Notebook } from "./ipynb.js";
import { nbgraderOf } from "./nbgrader.js";
import { removeHiddenTests, stubSolution, replaceRegions, SOLUTION } from "./regions.js";

export function studentVersion(nb: Notebook, name: string): Notebook {
  return { ...nb, cells: nb.cells.map((cell, i) => studentCell(cell, `${name} cell ${i + 1}${gradeLabel(cell)}`)) };
}

function gradeLabel(cell: Cell): string {
  const meta = nbgraderOf(cell);
  return meta === undefined ? "" : ` (${meta.grade_id})`;
}

function studentCell(cell: Cell, where: string): Cell {
  const kind = cell.cell_type === "code" ? "code" : "markdown";
  let text = sourceText(cell);
  if (nbgraderOf(cell)?.solution === true) text = stubSolution(text, kind, where);
  else if (replaceRegions(text, SOLUTION, [], where).count > 0) {
    throw new Error(`${where}: has a "${SOLUTION.begin}" region but its nbgrader metadata does not say solution: true`);
  }
  text = removeHiddenTests(text, where);
  if (cell.cell_type !== "code") return { ...cell, source: text };
  return { ...cell, source: text, outputs: [], execution_count: null };
}
