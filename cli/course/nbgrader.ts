/**
 * nbgrader's cell metadata (schema 3), as the lessons carry it: which cells hold solutions,
 * which hold tests worth points, and their `grade_id`s.
 * @see notebooks/00-welcome.ipynb
 */
import type { Cell, Notebook } from "./ipynb.js";

export interface NbgraderMetadata {
  grade_id: string;
  solution?: boolean;
  grade?: boolean;
  locked?: boolean;
  points?: number;
  task?: boolean;
  schema_version?: number;
}

export function nbgraderOf(cell: Cell): NbgraderMetadata | undefined {
  const meta = cell.metadata["nbgrader"];
  if (typeof meta !== "object" || meta === null) return undefined;
  const gradeId = (meta as { grade_id?: unknown }).grade_id;
  if (typeof gradeId !== "string") throw new Error(`cell ${cell.id}: nbgrader metadata without a string grade_id: ${JSON.stringify(meta)}`);
  return meta as NbgraderMetadata;
}

export const isSolution = (cell: Cell): boolean => nbgraderOf(cell)?.solution === true;
export const isGraded = (cell: Cell): boolean => nbgraderOf(cell)?.grade === true;

/** The graded cells of a notebook by grade_id; a repeated grade_id is an error. */
export function gradedCells(nb: Notebook, name: string): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const cell of nb.cells) {
    const meta = nbgraderOf(cell);
    if (meta?.grade !== true) continue;
    if (cells.has(meta.grade_id)) throw new Error(`${name}: grade_id "${meta.grade_id}" is used by two graded cells`);
    cells.set(meta.grade_id, cell);
  }
  return cells;
}
