/**
 * Lesson sources in jupytext's "percent" format for TypeScript, turned into notebooks.
 *
 *     // %% [markdown] {"optional": "cell metadata as JSON"}
 *     // # A title; every markdown line starts with "// " (a bare "//" is an empty line)
 *     // %% {"nbgrader": {...}}
 *     const x = 1;   // a code cell runs up to the next "// %%" marker
 *
 * Leading and trailing blank lines of a cell are dropped. Cell ids are a short hash of the
 * cell's kind and text (or its nbgrader grade_id), so editing one cell changes one id.
 * @see notebooks/00-welcome.ipynb
 */
import { createHash } from "node:crypto";
import { TSDL_KERNELSPEC } from "./ipynb.js";
import type { Cell, Notebook } from "./ipynb.js";

const MARKER = /^\/\/ %%(?<markdown> \[markdown\])?(?<rest>.*)$/;

/** Raised for a source line the format does not allow; names the file and line. */
export class PercentFormatError extends Error {
  override name = "PercentFormatError";
}

interface RawCell {
  kind: "code" | "markdown";
  metadata: Record<string, unknown>;
  lines: string[];
  line: number;
}

/** Parses a lesson source into a notebook (no outputs, execution counts null). */
export function percentToNotebook(text: string, fileName: string): Notebook {
  const raw = splitCells(text, fileName);
  const used = new Set<string>();
  const cells: Cell[] = raw.map((c) => {
    const source = trimBlankLines(c.kind === "markdown" ? c.lines.map((l, i) => uncomment(l, fileName, c.line + 1 + i)) : c.lines).join("\n");
    const id = uniqueId(cellId(c.kind, source, c.metadata), used);
    return c.kind === "code"
      ? { cell_type: "code", id, metadata: c.metadata, source, execution_count: null, outputs: [] }
      : { cell_type: "markdown", id, metadata: c.metadata, source };
  });
  return {
    cells,
    metadata: {
      kernelspec: { ...TSDL_KERNELSPEC },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function splitCells(text: string, fileName: string): RawCell[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const cells: RawCell[] = [];
  let current: RawCell = { kind: "code", metadata: {}, lines: [], line: 0 };
  lines.forEach((line, index) => {
    const match = MARKER.exec(line);
    if (match === null) {
      current.lines.push(line);
      return;
    }
    if (current.line > 0 || current.lines.some((l) => l.trim() !== "")) cells.push(current);
    const lineNo = index + 1;
    current = { kind: match.groups?.["markdown"] ? "markdown" : "code", metadata: parseMetadata(match.groups?.["rest"] ?? "", fileName, lineNo), lines: [], line: lineNo };
  });
  if (current.line > 0 || current.lines.some((l) => l.trim() !== "")) cells.push(current);
  return cells;
}

function parseMetadata(rest: string, fileName: string, line: number): Record<string, unknown> {
  const text = rest.trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PercentFormatError(`${fileName}:${line}: cell metadata after "// %%" is not JSON: ${text} (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PercentFormatError(`${fileName}:${line}: cell metadata must be a JSON object, got ${text}`);
  }
  return value as Record<string, unknown>;
}

/** "// text" → "text", "//" → "", "" → "" ; anything else in a markdown cell is a mistake. */
function uncomment(line: string, fileName: string, lineNo: number): string {
  if (line.startsWith("// ")) return line.slice(3);
  if (line.trimEnd() === "//" || line.trim() === "") return "";
  throw new PercentFormatError(`${fileName}:${lineNo}: a markdown line must start with "// " or be "//", got: ${line}`);
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end);
}

function cellId(kind: string, source: string, metadata: Record<string, unknown>): string {
  const gradeId = (metadata["nbgrader"] as { grade_id?: unknown } | undefined)?.grade_id;
  if (typeof gradeId === "string" && /^[A-Za-z0-9_-]{1,60}$/.test(gradeId)) return gradeId;
  return createHash("sha256").update(`${kind}\n${source}`).digest("hex").slice(0, 8);
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
  used.add(candidate);
  return candidate;
}
