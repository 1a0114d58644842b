/**
 * What a lesson must never show when executed: an error, or anything on stderr. Each
 * problem names the lesson and the cell (number, id, grade_id, first line of code).
 * @see notebooks/00-welcome.ipynb
 */
import { sourceText } from "./ipynb.js";
import type { Cell, Notebook } from "./ipynb.js";
import type { CellStatus } from "./jupyter.js";
import { nbgraderOf } from "./nbgrader.js";

/** "cell 7 (id 1a2b3c4d, grade_id gd_step): `const w = …`" */
export function describeCell(cell: Cell, index: number): string {
  const gradeId = nbgraderOf(cell)?.grade_id;
  const firstLine = sourceText(cell).split("\n").find((l) => l.trim() !== "") ?? "";
  return `cell ${index + 1} (id ${cell.id}${gradeId === undefined ? "" : `, grade_id ${gradeId}`}): \`${firstLine.slice(0, 70)}\``;
}

/** Every error output, error reply and stderr output of an executed lesson. */
export function lessonProblems(lesson: string, nb: Notebook, status: Map<number, CellStatus> = new Map()): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const where = `${lesson} ${describeCell(cell, index)}`;
    let reported = false;
    for (const output of cell.outputs) {
      if (output.output_type === "error") {
        problems.push(`${where}: ${String(output["ename"])}: ${String(output["evalue"])}`);
        reported = true;
      } else if (output.output_type === "stream" && output["name"] === "stderr") {
        const text = Array.isArray(output["text"]) ? output["text"].join("") : String(output["text"]);
        problems.push(`${where}: wrote to stderr: ${text.trim().split("\n").slice(0, 6).join("\n    ")}`);
        reported = true;
      }
    }
    const reply = status.get(index);
    if (!reported && reply?.status !== undefined && reply.status !== null && reply.status !== "ok") {
      problems.push(`${where}: execute_reply status "${reply.status}"${reply.ename ? ` ${reply.ename}: ${reply.evalue ?? ""}` : ""}`);
    }
  });
  return problems;
}
