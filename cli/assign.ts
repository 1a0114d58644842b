/**
 * `tsdl assign NOTEBOOK... --out DIR`: writes each lesson's student version to DIR
 * (solutions stubbed, hidden tests removed, outputs cleared, nbgrader metadata kept).
 * @see notebooks/00-welcome.ipynb
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { studentVersion } from "./course/assignment.js";
import { parseNotebook, serialise } from "./course/ipynb.js";

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length === 0 || values.out === undefined) {
    console.error("usage: tsdl assign NOTEBOOK.ipynb... --out DIR");
    return 2;
  }
  const outDir = resolve(values.out);
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
