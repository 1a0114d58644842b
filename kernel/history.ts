/**
 * Cell history for `history_request`: `tail`, `range` and `search` (glob patterns, as
 * IPython's history does), held in memory for this kernel's session.
 */
import type { Replies, Requests } from "./messages.js";

type Entry = Replies["history_reply"]["history"][number];

/** IPython numbers sessions; this kernel keeps one session per process. */
export const HISTORY_SESSION = 1;

export class History {
  private readonly entries: { line: number; input: string; output: string | null }[] = [];

  add(line: number, input: string, output: unknown): void {
    this.entries.push({ line, input, output: typeof output === "string" ? output : null });
  }

  query(request: Requests["history_request"]): Entry[] {
    let selected = this.entries;
    if (request.hist_access_type === "range") {
      const session = request.session ?? 0;
      if (session !== 0 && session !== HISTORY_SESSION && session !== -0) return [];
      const start = request.start ?? 1;
      const stop = request.stop ?? Number.POSITIVE_INFINITY;
      selected = selected.filter((e) => e.line >= start && e.line < stop);
    } else if (request.hist_access_type === "search") {
      const pattern = globToRegExp(request.pattern ?? "*");
      selected = selected.filter((e) => pattern.test(e.input));
      if (request.unique) {
        const seen = new Set<string>();
        selected = selected.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
      }
      if (request.n !== undefined && request.n !== null) selected = selected.slice(-request.n);
    } else {
      selected = selected.slice(-(request.n ?? 10));
    }
    return selected.map((e): Entry => [HISTORY_SESSION, e.line, request.output ? [e.input, e.output] : e.input]);
  }
}

/** sqlite GLOB semantics, as IPython uses: `*` any run, `?` one character, whole-string match. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}
