/**
 * `tsdl notebook [files...]`: lesson sources (notebooks/src/NN-slug.ts, percent format) →
 * notebooks/NN-slug.ipynb. Without files, every lesson. Same source, same bytes.
 *
 *   --keep-outputs  keep the outputs of cells whose id and source did not change
 *   --check         write nothing; exit 1 if a notebook's cells differ from its source
 *   --out DIR       write beside each other in DIR instead of notebooks/
 * @see notebooks/00-welcome.ipynb
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { runCommand } from "./args.js";
import type { Parsed } from "./args.js";
import { parseNotebook, serialise } from "./course/ipynb.js";
import { lessonSources, notebookPathFor } from "./course/paths.js";
import { convertSource, driftOf, keepOutputs } from "./course/convert.js";

const USAGE = `usage: tsdl notebook [--keep-outputs] [--check] [--out DIR] [SOURCE.ts...]

Lesson sources (notebooks/src/NN-slug.ts, percent format) → notebooks/NN-slug.ipynb; without
SOURCE, every lesson.

  --keep-outputs  keep the outputs of cells whose id and source did not change
  --check         write nothing; exit 1 if a notebook's cells differ from its source
  --out DIR       write beside each other in DIR instead of notebooks/`;

const OPTIONS = {
  "keep-outputs": { type: "boolean", default: false },
  check: { type: "boolean", default: false },
  out: { type: "string" },
} as const;

export async function main(argv: string[]): Promise<number> {
  return runCommand({ name: "notebook", usage: USAGE, options: OPTIONS, positionals: true }, argv, notebook);
}

async function notebook({ values, positionals }: Parsed<typeof OPTIONS>): Promise<number> {
  const sources = positionals.length > 0 ? positionals.map((p) => resolve(p)) : lessonSources();
  if (sources.length === 0) {
    console.error("tsdl notebook: no lesson sources (notebooks/src/NN-slug.ts) found");
    return 1;
  }
  let drifted = 0;
  for (const source of sources) {
    const target = notebookPathFor(source, values.out === undefined ? undefined : resolve(values.out));
    let nb = convertSource(source);
    const existing = existsSync(target) ? parseNotebook(readFileSync(target, "utf8"), target) : undefined;
    if (values.check) {
      const drift = existing === undefined ? ["notebook missing"] : driftOf(existing, nb);
      if (drift.length > 0) {
        drifted++;
        console.error(`${relative(process.cwd(), target)}: out of date with ${relative(process.cwd(), source)}:\n  ${drift.join("\n  ")}`);
      }
      continue;
    }
    if (values["keep-outputs"] && existing !== undefined) nb = keepOutputs(nb, existing);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, serialise(nb));
    console.log(`${relative(process.cwd(), source)} → ${relative(process.cwd(), target)} (${nb.cells.length} cells)`);
  }
  if (drifted > 0) console.error(`tsdl notebook: ${drifted} notebook(s) out of date; run \`tsdl notebook\``);
  return drifted > 0 ? 1 : 0;
}
