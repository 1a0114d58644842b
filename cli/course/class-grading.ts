/**
 * Grading a class: every `SUBMISSIONS/<student>/<lesson>.ipynb`, on `jobs` kernels at once,
 * each submission on its own kernel (grade-run.ts). Results come back in student order
 * whatever order the kernels finish in; one bad submission never stops the others.
 * @see notebooks/00-welcome.ipynb
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { gradeFile, notRun } from "./grade-run.js";
import type { GradedSubmission, GradeRunOptions } from "./grade-run.js";
import type { Notebook } from "./ipynb.js";

export interface ClassOptions extends GradeRunOptions {
  submissions: string;
  instructor: Notebook;
  /** The lesson's file name, e.g. 04-momentum.ipynb. */
  lesson: string;
  jobs: number;
  /** Called as each submission finishes. */
  onGraded?: (student: string, graded: GradedSubmission) => void;
}

export interface StudentResult extends GradedSubmission {
  student: string;
}

/** The student folders under `dir`, sorted (hidden folders such as .ipynb_checkpoints skipped). */
export function studentFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
}

export async function gradeClass(options: ClassOptions): Promise<StudentResult[]> {
  const students = studentFolders(options.submissions);
  const results: StudentResult[] = new Array(students.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < students.length; i = next++) {
      const student = students[i]!;
      let graded: GradedSubmission;
      try {
        graded = await gradeFile(join(options.submissions, student, options.lesson), options.instructor, options.lesson, options);
      } catch (error) {
        // A failure of the grader itself (python missing, disk full) is this row's, not the batch's.
        graded = { status: `not graded: ${(error as Error).message.split("\n")[0]}`, report: notRun(options.instructor, options.lesson), executed: null };
      }
      results[i] = { student, ...graded };
      options.onGraded?.(student, graded);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, students.length)) }, worker));
  return results;
}
