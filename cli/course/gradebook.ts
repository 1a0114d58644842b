/**
 * The class's gradebook as CSV (RFC 4180): one row a student, their status, one column a
 * graded cell's grade_id, and the total. A field a spreadsheet would read as a formula
 * (=, +, -, @ first) is quoted with a leading apostrophe.
 * @see notebooks/00-welcome.ipynb
 */
import type { GradeReport } from "./grading.js";

export interface GradebookRow {
  student: string;
  status: string;
  report: GradeReport;
}

function field(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text; columns follow the instructor's grade_ids (`gradeIds`), then total and max. */
export function gradebookCsv(rows: GradebookRow[], gradeIds: string[]): string {
  const lines = [["student", "status", ...gradeIds, "total", "max"].map(field).join(",")];
  for (const { student, status, report } of rows) {
    const points = new Map(report.exercises.map((e) => [e.grade_id, e.points]));
    lines.push([student, status, ...gradeIds.map((id) => points.get(id) ?? 0), report.score, report.max_score].map(field).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
