/**
 * Reading one student's submission before it is run: it must be a notebook of this lesson,
 * with every nbgrader cell the lesson hands out present once, and its locked cells (the
 * visible tests) exactly as handed out. Anything else is a `SubmissionError` that says what.
 * @see notebooks/00-welcome.ipynb
 */
import { studentVersion } from "./assignment.js";
import { parseNotebook, sourceText } from "./ipynb.js";
import type { Cell, Notebook } from "./ipynb.js";
import { nbgraderOf } from "./nbgrader.js";

export class SubmissionError extends Error {
  override name = "SubmissionError";
}

/** The nbgrader cells of a notebook by grade_id; a repeated grade_id is a SubmissionError. */
function nbgraderCells(nb: Notebook, what: string): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const cell of nb.cells) {
    let meta;
    try {
      meta = nbgraderOf(cell);
    } catch (error) {
      throw new SubmissionError(`${what}: ${(error as Error).message}`);
    }
    if (meta === undefined) continue;
    if (cells.has(meta.grade_id)) throw new SubmissionError(`${what}: cell '${meta.grade_id}' appears twice`);
    cells.set(meta.grade_id, cell);
  }
  return cells;
}

const normalised = (text: string): string => text.replace(/\r\n/g, "\n").trimEnd();

/** Parses and checks a submission's text against the instructor's notebook of lesson `lesson`. */
export function readSubmission(text: string, instructor: Notebook, lesson: string): Notebook {
  let submission: Notebook;
  try {
    submission = parseNotebook(text, lesson);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message;
    throw new SubmissionError(`not a notebook: ${reason}`);
  }
  const handedOut = nbgraderCells(studentVersion(instructor, lesson), `${lesson} (instructor)`);
  const original = nbgraderCells(instructor, `${lesson} (instructor)`);
  const submitted = nbgraderCells(submission, "submission");
  const missing = [...handedOut.keys()].filter((id) => !submitted.has(id));
  if (missing.length === handedOut.size && handedOut.size > 0) {
    throw new SubmissionError(`not a submission of ${lesson}: none of its cells (${[...handedOut.keys()].join(", ")}) is there`);
  }
  if (missing.length > 0) throw new SubmissionError(`cell${missing.length > 1 ? "s" : ""} ${missing.map((id) => `'${id}'`).join(", ")} deleted or renamed`);
  const unknown = [...submitted.keys()].filter((id) => !handedOut.has(id));
  if (unknown.length > 0) throw new SubmissionError(`cell${unknown.length > 1 ? "s" : ""} ${unknown.map((id) => `'${id}'`).join(", ")} not in ${lesson} (renamed?)`);
  for (const [id, given] of handedOut) {
    const cell = submitted.get(id)!;
    const meta = nbgraderOf(given)!;
    if (cell.cell_type !== given.cell_type) throw new SubmissionError(`cell '${id}' changed from ${given.cell_type} to ${cell.cell_type}`);
    const text = normalised(sourceText(cell));
    // The instructor's own notebook (hidden tests in place) grades too.
    if (meta.locked === true && text !== normalised(sourceText(given)) && text !== normalised(sourceText(original.get(id)!))) {
      throw new SubmissionError(`locked cell '${id}' was edited`);
    }
  }
  return submission;
}
