/**
 * One student's feedback page: their status and points per exercise, then each cell of the
 * notebook as it ran, with its outputs and test results. Every piece of text is escaped; the
 * page loads nothing and runs no script. It names only this student.
 * @see notebooks/00-welcome.ipynb
 */
import { sourceText } from "./ipynb.js";
import type { Cell, Notebook, Output } from "./ipynb.js";
import { nbgraderOf } from "./nbgrader.js";
import type { GradeReport } from "./grading.js";

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
/** Output text shown per output, at most: a submission that prints megabytes gets a cut. */
const MAX_OUTPUT_CHARS = 20_000;

const joined = (value: unknown): string => (Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "");

function outputText(output: Output): string {
  if (output.output_type === "stream") return joined(output["text"]);
  if (output.output_type === "error") {
    const traceback = Array.isArray(output["traceback"]) ? (output["traceback"] as string[]).join("\n") : "";
    return (traceback || `${String(output["ename"])}: ${String(output["evalue"])}`).replace(ANSI, "");
  }
  const data = (output["data"] ?? {}) as Record<string, unknown>;
  return "text/plain" in data ? joined(data["text/plain"]) : `[${Object.keys(data).join(", ")}]`;
}

function cutText(text: string): string {
  return text.length <= MAX_OUTPUT_CHARS ? text : `${text.slice(0, MAX_OUTPUT_CHARS)}\n… (${text.length - MAX_OUTPUT_CHARS} more characters not shown)`;
}

function cellHtml(cell: Cell, index: number, report: GradeReport): string {
  const meta = nbgraderOf(cell);
  const exercise = meta === undefined ? undefined : report.exercises.find((e) => e.grade_id === meta.grade_id);
  const label = meta === undefined ? `cell ${index + 1}` : `cell ${index + 1} · ${meta.grade_id}`;
  const result = exercise === undefined ? "" :
    `<p class="${exercise.points === exercise.max_points ? "pass" : "fail"}">${exercise.points} / ${exercise.max_points} points${exercise.error === undefined ? "" : ` — ${escapeHtml(exercise.error)}`}</p>`;
  const outputs = cell.cell_type === "code" ? cell.outputs.map((o) => `<pre class="out ${escapeHtml(o.output_type)}">${escapeHtml(cutText(outputText(o)))}</pre>`).join("") : "";
  return `<section><h3>${escapeHtml(label)}</h3><pre class="src">${escapeHtml(cutText(sourceText(cell)))}</pre>${outputs}${result}</section>`;
}

export interface FeedbackPage {
  student: string;
  lesson: string;
  status: string;
  report: GradeReport;
  executed: Notebook | null;
}

export function feedbackHtml({ student, lesson, status, report, executed }: FeedbackPage): string {
  const rows = report.exercises.map((e) =>
    `<tr><td>${escapeHtml(e.grade_id)}</td><td>${e.points} / ${e.max_points}</td><td>${escapeHtml((e.error ?? "").split("\n")[0]!)}</td></tr>`).join("");
  const cells = executed === null ? "<p>The notebook was not run.</p>" : executed.cells.map((c, i) => cellHtml(c, i, report)).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`${lesson} — ${student}`)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap}
pre.error{background:#fdd}.pass{color:#060}.fail{color:#a00}td,th{padding:.2rem .8rem;text-align:left}</style></head>
<body><h1>${escapeHtml(lesson)}</h1><h2>${escapeHtml(student)}: ${report.score} / ${report.max_score} points</h2>
<p>Status: ${escapeHtml(status)}</p>
<table><tr><th>exercise</th><th>points</th><th>error</th></tr>${rows}</table>
${cells}
</body></html>
`;
}
