/**
 * Grading a submission the way nbgrader's "autograde" does: the instructor's test cells
 * (matched by grade_id, hidden tests included) replace the submitted ones, the notebook is
 * executed, and each graded cell earns its points when it ran without an error.
 * @see notebooks/00-welcome.ipynb
 */
import { sourceText } from "./ipynb.js";
import type { Cell, Notebook, Output } from "./ipynb.js";
import { gradedCells, nbgraderOf } from "./nbgrader.js";

export interface ExerciseScore {
  grade_id: string;
  points: number;
  max_points: number;
  /** "ename: evalue" of the cell's error, or why the cell was not run. */
  error?: string;
}

export interface GradeReport {
  notebook: string;
  score: number;
  max_score: number;
  exercises: ExerciseScore[];
}

/**
 * The submission with every instructor test cell put back in full (a student cannot edit
 * or drop the tests); answer cells (solution and grade) stay the student's.
 */
export function withHiddenTests(submission: Notebook, instructor: Notebook, name: string): Notebook {
  const tests = gradedCells(instructor, name);
  return {
    ...submission,
    cells: submission.cells.map((cell): Cell => {
      const meta = nbgraderOf(cell);
      const original = meta === undefined ? undefined : tests.get(meta.grade_id);
      if (original === undefined || nbgraderOf(original)?.solution === true) return cell;
      return { ...cell, source: sourceText(original), metadata: original.metadata };
    }),
  };
}

/**
 * The notebook up to its last graded cell: the cells after it cannot change any score, so
 * grading does not spend time running them.
 */
export function throughLastGradedCell(nb: Notebook): Notebook {
  let last = -1;
  nb.cells.forEach((cell, i) => {
    if (nbgraderOf(cell)?.grade === true) last = i;
  });
  return { ...nb, cells: nb.cells.slice(0, last + 1) };
}

/** A failed cell's "ename: evalue", from its execute_reply (by cell index) when its outputs carry none. */
export type ReplyErrors = Map<number, string>;

/**
 * Points per graded cell of the instructor's notebook, read from the executed submission:
 * a cell earns its points when it ran and neither an error output nor an error reply came back.
 */
export function score(executed: Notebook, instructor: Notebook, name: string, replyErrors: ReplyErrors = new Map()): GradeReport {
  const ran = new Map<string, { cell: Cell; index: number }>();
  executed.cells.forEach((cell, index) => {
    const meta = nbgraderOf(cell);
    if (meta !== undefined) ran.set(meta.grade_id, { cell, index });
  });
  const exercises = [...gradedCells(instructor, name)].map(([gradeId, cell]): ExerciseScore => {
    const maxPoints = nbgraderOf(cell)?.points ?? 0;
    const { cell: submitted, index } = ran.get(gradeId) ?? {};
    if (submitted === undefined) return { grade_id: gradeId, points: 0, max_points: maxPoints, error: "cell missing from the submission" };
    if (submitted.cell_type !== "code") return { grade_id: gradeId, points: maxPoints, max_points: maxPoints };
    const error = submitted.outputs.find((o: Output) => o.output_type === "error");
    if (error !== undefined) return { grade_id: gradeId, points: 0, max_points: maxPoints, error: `${String(error["ename"])}: ${String(error["evalue"])}` };
    const replyError = index === undefined ? undefined : replyErrors.get(index);
    if (replyError !== undefined) return { grade_id: gradeId, points: 0, max_points: maxPoints, error: replyError };
    if (submitted.execution_count === null) return { grade_id: gradeId, points: 0, max_points: maxPoints, error: "cell was not executed" };
    return { grade_id: gradeId, points: maxPoints, max_points: maxPoints };
  });
  const total = (key: "points" | "max_points"): number => exercises.reduce((sum, e) => sum + e[key], 0);
  return { notebook: name, score: total("points"), max_score: total("max_points"), exercises };
}

/** The report as a table a person reads. */
export function formatReport(report: GradeReport): string {
  const width = Math.max(8, ...report.exercises.map((e) => e.grade_id.length));
  const row = (id: string, pts: string, err: string): string => `${id.padEnd(width)}  ${pts.padStart(9)}  ${err}`.trimEnd();
  const lines = [`${report.notebook}`, row("grade_id", "points", "error"), row("-".repeat(width), "-".repeat(9), "-----")];
  for (const e of report.exercises) lines.push(row(e.grade_id, `${e.points} / ${e.max_points}`, (e.error ?? "").split("\n")[0]!.slice(0, 100)));
  lines.push(row("total", `${report.score} / ${report.max_score}`, ""));
  return lines.join("\n");
}
