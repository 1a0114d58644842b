/**
 * Grading one submission: check it (submission.ts), put the instructor's tests back, run it
 * on its own tsdl kernel in a scratch folder of its own, and score it. A submission that
 * cannot be graded gets a status that says why and zero points, and never throws.
 * @see notebooks/00-welcome.ipynb
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { score, throughLastGradedCell, withHiddenTests } from "./grading.js";
import type { GradeReport } from "./grading.js";
import type { Notebook } from "./ipynb.js";
import { executeNotebook } from "./jupyter.js";
import { nbgraderOf } from "./nbgrader.js";
import { readSubmission, SubmissionError } from "./submission.js";

export interface GradeRunOptions {
  /** Seconds one cell may run. */
  timeout: number;
  /** The kernel's environment (JUPYTER_PATH naming the tsdl kernelspec). */
  env: NodeJS.ProcessEnv;
  /** Heap limit of the kernel process, in MiB (node's --max-old-space-size). */
  memoryMiB?: number;
}

export interface GradedSubmission {
  /** "ok", or why the submission earned nothing: "invalid: …", "timeout: …", "crashed: …", "missing: …". */
  status: string;
  report: GradeReport;
  /** The notebook as run (with its outputs), when it ran. */
  executed: Notebook | null;
}

/** The report with every exercise's points taken away (errors kept, for the feedback). */
export function zeroReport(report: GradeReport): GradeReport {
  return { ...report, score: 0, exercises: report.exercises.map((e) => ({ ...e, points: 0 })) };
}

/** The report of a submission that was not run: nothing earned. */
export function notRun(instructor: Notebook, lesson: string): GradeReport {
  return zeroReport(score({ ...instructor, cells: [] }, instructor, lesson));
}

/** Grades the notebook file at `path` against the instructor's notebook of `lesson`. */
export async function gradeFile(path: string, instructor: Notebook, lesson: string, options: GradeRunOptions): Promise<GradedSubmission> {
  const nothing = notRun(instructor, lesson);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { status: `missing: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? `no ${lesson}` : (error as Error).message}`, report: nothing, executed: null };
  }
  let submission: Notebook;
  try {
    submission = readSubmission(text, instructor, lesson);
  } catch (error) {
    if (!(error instanceof SubmissionError)) throw error;
    return { status: `invalid: ${error.message}`, report: nothing, executed: null };
  }
  const scratch = mkdtempSync(join(tmpdir(), "tsdl-grade-"));
  try {
    const memory = options.memoryMiB === undefined ? {} : { NODE_OPTIONS: `${options.env["NODE_OPTIONS"] ?? ""} --max-old-space-size=${options.memoryMiB}`.trim() };
    const execution = await executeNotebook(throughLastGradedCell(withHiddenTests(submission, instructor, lesson)), {
      cwd: scratch,
      allowErrors: true,
      timeout: options.timeout,
      env: { ...options.env, ...memory },
    });
    const replyErrors = new Map(
      [...execution.cellStatus].filter(([, s]) => s.status === "error").map(([i, s]) => [i, `${s.ename ?? "Error"}: ${s.evalue ?? ""}`]),
    );
    const report = score(execution.notebook, instructor, lesson, replyErrors);
    const failure = execution.error;
    if (failure === null || failure.kind === "cell") return { status: "ok", report, executed: execution.notebook };
    const cell = failure.cell_index === null ? undefined : execution.notebook.cells[failure.cell_index];
    const gradeId = cell === undefined ? undefined : nbgraderOf(cell)?.grade_id;
    const where = failure.cell_index === null ? "" : ` in cell ${failure.cell_index + 1}${gradeId === undefined ? "" : ` (${gradeId})`}`;
    const status = failure.kind === "timeout" ? `timeout: a cell ran over ${options.timeout} s${where}`
      : failure.kind === "dead-kernel" ? `crashed: the kernel died${where}`
      : `not run: ${failure.ename}: ${failure.evalue.split("\n")[0]}`;
    return { status, report: zeroReport(report), executed: execution.notebook };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
