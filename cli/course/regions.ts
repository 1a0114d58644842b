/**
 * nbgrader's marked regions in a cell's source, with nbgrader's default delimiters:
 * `BEGIN SOLUTION` … `END SOLUTION` (replaced by a stub in the student version) and
 * `BEGIN HIDDEN TESTS` … `END HIDDEN TESTS` (removed). A delimiter is any line containing
 * the words, so `// BEGIN SOLUTION` works in TypeScript as `# BEGIN SOLUTION` does in Python.
 * @see notebooks/00-welcome.ipynb
 */

/** What a student sees where the solution was: it compiles, and throws when run. */
export const CODE_STUB = 'throw new Error("not implemented");';
/** What a student sees in a markdown answer cell (nbgrader's default text stub). */
export const TEXT_STUB = "YOUR ANSWER HERE";

export const SOLUTION = { begin: "BEGIN SOLUTION", end: "END SOLUTION" } as const;
export const HIDDEN_TESTS = { begin: "BEGIN HIDDEN TESTS", end: "END HIDDEN TESTS" } as const;

/** A region whose delimiters do not pair up; names the cell and line. */
export class RegionError extends Error {
  override name = "RegionError";
}

interface Delimiters {
  begin: string;
  end: string;
}

/**
 * Replaces each delimited region (delimiter lines included) with `replacement` lines,
 * indented like the BEGIN line; returns the new text and how many regions there were.
 */
export function replaceRegions(text: string, delimiters: Delimiters, replacement: string[], where: string): { text: string; count: number } {
  const lines = text.split("\n");
  const out: string[] = [];
  let count = 0;
  let openedAt = -1;
  lines.forEach((line, i) => {
    if (line.includes(delimiters.begin)) {
      if (openedAt >= 0) throw new RegionError(`${where}: line ${i + 1} opens "${delimiters.begin}" inside the region opened on line ${openedAt + 1}`);
      openedAt = i;
      const indent = /^\s*/.exec(line)![0];
      out.push(...replacement.map((r) => indent + r));
      count++;
    } else if (line.includes(delimiters.end)) {
      if (openedAt < 0) throw new RegionError(`${where}: line ${i + 1} has "${delimiters.end}" without a "${delimiters.begin}" before it`);
      openedAt = -1;
    } else if (openedAt < 0) {
      out.push(line);
    }
  });
  if (openedAt >= 0) throw new RegionError(`${where}: "${delimiters.begin}" on line ${openedAt + 1} is never closed by "${delimiters.end}"`);
  return { text: out.join("\n"), count };
}

/** The student's version of a solution: regions stubbed, or the whole cell if it has none. */
export function stubSolution(text: string, kind: "code" | "markdown", where: string): string {
  const stub = kind === "code" ? CODE_STUB : TEXT_STUB;
  const { text: replaced, count } = replaceRegions(text, SOLUTION, [stub], where);
  return count > 0 ? replaced : stub;
}

/** The text without its hidden tests. */
export function removeHiddenTests(text: string, where: string): string {
  return replaceRegions(text, HIDDEN_TESTS, [], where).text;
}
