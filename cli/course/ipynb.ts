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

/**
 * Splits text into nbformat's list of lines, each keeping its line break, exactly like
 * Python's `str.splitlines(True)` (which also breaks at "\r", "\v", "\f", \x1c-\x1e,
 * \x85, U+2028 and U+2029); "" becomes [].
 */
export function splitLines(text: string): string[] {
  return text.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g)!.filter((l) => l !== "");
}

/** MIME types besides text/* whose strings nbformat splits into lines. */
const SPLIT_MIMES = new Set(["application/javascript", "image/svg+xml"]);

function splitBundle(data: unknown): unknown {
  if (typeof data !== "object" || data === null) return data;
  const bundle: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data as Record<string, unknown>)) {
    bundle[mime] = typeof value === "string" && (mime.startsWith("text/") || SPLIT_MIMES.has(mime)) ? splitLines(value) : value;
  }
  return bundle;
}

/** Normalises a notebook the way nbformat's `split_lines` does before writing. */
export function normalise(nb: Notebook): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((cell) => {
      const source = splitLines(sourceText(cell));
      const attachments = cell.cell_type === "code" ? undefined : cell.attachments;
      const withAttachments = attachments === undefined ? {} : {
        attachments: Object.fromEntries(Object.entries(attachments).map(([k, v]) => [k, splitBundle(v)])),
      };
      if (cell.cell_type !== "code") return { ...cell, source, ...withAttachments };
      return { ...cell, source, outputs: cell.outputs.map(normaliseOutput) };
    }),
  };
}

function normaliseOutput(output: Output): Output {
  if (output.output_type === "stream" && typeof output["text"] === "string") return { ...output, text: splitLines(output["text"]) };
  if (output.output_type === "execute_result" || output.output_type === "display_data") return { ...output, data: splitBundle(output["data"] ?? {}) };
  return output;
}

/** Recursively sorts object keys, as Python's `json.dumps(sort_keys=True)` does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** JSON with keys sorted at every level: equal values give equal strings. */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value));

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
