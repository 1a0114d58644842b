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

/** The first paragraph of prose: not a heading, formula, image or list, not a lead-in ending in ":". */
function firstParagraph(lines: string[]): string {
  const paragraphs: string[][] = [[]];
  for (const line of lines) {
    if (line.trim() === "") paragraphs.push([]);
    else paragraphs[paragraphs.length - 1]!.push(line.trim());
  }
  const prose = paragraphs.map((p) => p.join(" ")).filter((p) => p !== "" && !/^(#|\$\$|!\[|<|>|[-*] |\d+\. |```)/.test(p));
  return prose.find((p) => !p.endsWith(":")) ?? prose[0] ?? "";
}
