/**
 * What the course index says about a lesson: its title (the first markdown heading) and a
 * summary (the first paragraph after it).
 * @see notebooks/00-welcome.ipynb
 */
import { sourceText } from "./ipynb.js";
import type { Notebook } from "./ipynb.js";

export interface LessonInfo {
  /** File stem, e.g. "04-momentum". */
  name: string;
  title: string;
  summary: string;
}

export function lessonInfo(name: string, nb: Notebook): LessonInfo {
  const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map(sourceText);
  let title = name;
  let summary = "";
  for (const text of markdown) {
    const lines = text.split("\n");
    const heading = lines.findIndex((l) => /^#\s+/.test(l));
    if (heading < 0) continue;
    title = lines[heading]!.replace(/^#\s+/, "").trim();
    summary = firstParagraph(lines.slice(heading + 1)) || firstParagraph(markdown[markdown.indexOf(text) + 1]?.split("\n") ?? []);
    break;
  }
  return { name, title, summary };
}

function firstParagraph(lines: string[]): string {
  const start = lines.findIndex((l) => l.trim() !== "" && !/^(#|\$\$|!\[|<)/.test(l.trim()));
  if (start < 0) return "";
  const end = lines.findIndex((l, i) => i > start && l.trim() === "");
  return lines.slice(start, end < 0 ? undefined : end).join(" ").replace(/\s+/g, " ").trim();
}
