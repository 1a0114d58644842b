/**
 * `tsdl assign NOTEBOOK... --out DIR`: writes each lesson's student version to DIR
 * (solutions stubbed, hidden tests removed, outputs cleared, nbgrader metadata kept).
 * @see notebooks/00-welcome.ipynb
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { runCommand, UsageError } from "./args.js";
import { studentVersion } from "./course/assignment.js";
import { parseNotebook, serialise } from "./course/ipynb.js";

const USAGE = `usage: tsdl assign NOTEBOOK.ipynb... --out DIR

Writes each lesson's student version to DIR: solutions stubbed, hidden tests removed,
outputs cleared, nbgrader metadata kept.`;

export async function main(argv: string[]): Promise<number> {
  return runCommand({ name: "assign", usage: USAGE, options: { out: { type: "string" } }, positionals: true }, argv, async ({ values, positionals }) => {
    if (positionals.length === 0) throw new UsageError("no NOTEBOOK given");
    if (values.out === undefined) throw new UsageError("--out DIR is needed");
    return assign(positionals, values.out);
  });
}

function assign(positionals: string[], out: string): number {
  const outDir = resolve(out);
  mkdirSync(outDir, { recursive: true });
  for (const input of positionals) {
    const name = basename(input);
    const student = studentVersion(parseNotebook(readFileSync(input, "utf8"), input), name);
    const target = join(outDir, name);
    writeFileSync(target, serialise(student));
    console.log(`${input} → ${relative(process.cwd(), target)} (student version)`);
  }
  return 0;
}
