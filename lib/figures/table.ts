import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/jupyter.js";
import { fmt } from "./describe.js";

type Cell = string | number | boolean | null | undefined;

function cellText(v: Cell): string {
  if (typeof v === "number") return fmt(v);
  return v === null || v === undefined ? "" : String(v);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Numbers as an aligned text grid, one row per line, columns right-aligned:
 * the `text/plain` form of matrices (a feature map, a kernel).
 */
export function gridText(matrix: ArrayLike<ArrayLike<number | string>>, options: { digits?: number } = {}): string {
  const rows = Array.from(matrix, (r) =>
    Array.from(r, (v) => (typeof v === "number" ? (options.digits === undefined ? fmt(v) : v.toFixed(options.digits)) : v)),
  );
  const width = Math.max(1, ...rows.flat().map((s) => s.length));
  return rows.map((r) => r.map((s) => s.padStart(width)).join(" ")).join("\n");
}

/**
 * A table that displays itself (`text/html` and an aligned `text/plain`):
 * `new Table(["depth", "‖∇W₁‖"], rows)`.
 * @see notebooks/00-welcome.ipynb
 */
export class Table {
  readonly columns: string[];
  readonly rows: Cell[][];
  readonly caption: string | undefined;

  constructor(columns: string[], rows: Cell[][], options: { caption?: string } = {}) {
    rows.forEach((r, i) => {
      if (r.length !== columns.length) {
        throw new RangeError(`Table: row ${i} has ${r.length} cells for ${columns.length} columns (${columns.join(", ")})`);
      }
    });
    this.columns = columns;
    this.rows = rows;
    this.caption = options.caption;
  }

  toString(): string {
    const text = [this.columns, ...this.rows.map((r) => r.map(cellText))];
    const widths = this.columns.map((_, c) => Math.max(...text.map((r) => (r[c] ?? "").length)));
    const line = (r: string[]) => r.map((s, c) => s.padStart(widths[c] ?? 0)).join("  ");
    const out = [line(text[0] as string[]), widths.map((w) => "-".repeat(w)).join("  "), ...text.slice(1).map(line)];
    return (this.caption ? `${this.caption}\n` : "") + out.join("\n");
  }

  toHtml(): string {
    const head = this.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
    const body = this.rows
      .map((r) => `<tr>${r.map((v) => `<td style="text-align:${typeof v === "number" ? "right" : "left"}">${escapeHtml(cellText(v))}</td>`).join("")}</tr>`)
      .join("\n");
    const caption = this.caption ? `<caption>${escapeHtml(this.caption)}</caption>` : "";
    return `<table class="tsdl-table">${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.toHtml(), "text/plain": this.toString() };
  }
}
