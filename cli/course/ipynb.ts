/**
 * The notebook file format (nbformat 4.5) as tsdl writes it: the types a lesson's cells
 * need, and one serializer whose output matches Jupyter's own (`nbformat.write`: keys
 * sorted, one-space indent, multi-line strings split into lists of lines). Same notebook
 * in, same bytes out.
 * @see notebooks/00-welcome.ipynb
 */

/** A multi-line string as nbformat stores it: one string, or its lines with their "\n". */
export type MultilineString = string | string[];

/** One output of a code cell (stream, display_data, execute_result, error). */
export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error" | (string & {});
  [key: string]: unknown;
}

export interface CodeCell {
  cell_type: "code";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
}

export interface MarkdownCell {
  cell_type: "markdown" | "raw";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, unknown>;
}

export type Cell = CodeCell | MarkdownCell;

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: number;
}

/** The kernel every lesson runs on. */
export const TSDL_KERNELSPEC = { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" } as const;

/** A cell's source as one string, whichever way the file stored it. */
export function sourceText(cell: { source: MultilineString }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Splits text into nbformat's list of lines, each keeping its "\n" ("" becomes []). */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/** Output keys nbformat stores as multi-line strings. */
const MULTILINE_OUTPUT_KEYS = new Set(["text"]);
/** MIME types whose data nbformat stores as-is (JSON values), never split into lines. */
const isJsonMime = (mime: string): boolean => mime === "application/json" || mime.endsWith("+json");

/** Normalises a notebook the way nbformat does before writing: sources and text as line lists. */
export function normalise(nb: Notebook): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((cell) => {
      const source = splitLines(sourceText(cell));
      if (cell.cell_type !== "code") return { ...cell, source };
      return { ...cell, source, outputs: cell.outputs.map(normaliseOutput) };
    }),
  };
}

function normaliseOutput(output: Output): Output {
  const out: Output = { ...output };
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (MULTILINE_OUTPUT_KEYS.has(key) && typeof value === "string") out[key] = splitLines(value);
  }
  const data = out["data"];
  if (typeof data === "object" && data !== null) {
    const bundle: Record<string, unknown> = {};
    for (const [mime, value] of Object.entries(data as Record<string, unknown>)) {
      bundle[mime] = typeof value === "string" && !isJsonMime(mime) ? splitLines(value) : value;
    }
    out["data"] = bundle;
  }
  return out;
}

/** Recursively sorts object keys, as Python's `json.dumps(sort_keys=True)` does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** The file's text: `json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"`. */
export function serialise(nb: Notebook): string {
  return JSON.stringify(sortKeys(normalise(nb)), null, 1) + "\n";
}

/** Parses a notebook file's text, checking it is nbformat 4. */
export function parseNotebook(text: string, name: string): Notebook {
  const nb = JSON.parse(text) as Partial<Notebook>;
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`${name}: not an nbformat 4 notebook (nbformat=${String(nb.nbformat)})`);
  }
  return nb as Notebook;
}
