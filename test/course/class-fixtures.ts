// What the class tests hand in and read back: a handed-out notebook with some of the
// instructor's answers filled in, and the gradebook CSV as rows.
import { sourceText } from "../../cli/course/ipynb.js";
import type { Notebook } from "../../cli/course/ipynb.js";
import { nbgraderOf } from "../../cli/course/nbgrader.js";

/** answer(solved, changes): handedOut with the instructor's answers in the cells named `solved`, and `changes` (grade_id → source) on top. */
export function answerer(instructor: Notebook, handedOut: Notebook): (solved: string[], changes?: Record<string, string>) => Notebook {
  const answers = new Map(instructor.cells.flatMap((c) => { const m = nbgraderOf(c); return m?.solution === true ? [[m.grade_id, sourceText(c)]] : []; }));
  return (solved, changes = {}) => ({
    ...handedOut,
    cells: handedOut.cells.map((cell) => {
      const id = nbgraderOf(cell)?.grade_id;
      if (id === undefined) return cell;
      if (id in changes) return { ...cell, source: changes[id]! };
      return solved.includes(id) ? { ...cell, source: answers.get(id)! } : cell;
    }),
  });
}

/** A gradebook's rows, by column name (RFC 4180 quoting, CRLF lines). */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split("\r\n").map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.filter((f) => f !== "").map((f) => f.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"')));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

