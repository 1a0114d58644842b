/**
 * `tsdl course`: the course build (the README's first command). Registers the kernel,
 * executes every lesson on it, writes the executed notebooks back to notebooks/, the
 * student versions to build/student/ and the site to build/site/; prints each lesson's time.
 *
 *   --quick          TSDL_QUICK=1: fewer epochs and less data, every cell still runs
 *   --only 01,04     just these lessons (by number)
 *   --out DIR        build folder (default build/)
 *   --no-write       leave notebooks/ as it is (tests build into a temporary folder)
 *   --no-images      no static PNG beside each figure
 *   --timeout S      seconds one cell may take (default 900)
 * @see notebooks/00-welcome.ipynb
 */
import { join, relative, resolve } from "node:path";
import { positiveOption, runCommand } from "./args.js";
import type { Parsed } from "./args.js";
import { buildCourse } from "./course/build.js";
import type { CourseResult } from "./course/build.js";
import { lessonSources, packageRoot } from "./course/paths.js";

const USAGE = `usage: tsdl course [--quick] [--only 01,04] [--out DIR] [--no-write] [--no-images] [--timeout S]

Registers the kernel, executes every lesson on it, writes the executed notebooks back to
notebooks/, the student versions to build/student/ and the site to build/site/.

  --quick          TSDL_QUICK=1: fewer epochs and less data, every cell still runs
  --only 01,04     just these lessons (by number)
  --out DIR        build folder (default build/)
  --no-write       leave notebooks/ as it is
  --no-images      no static PNG beside each figure
  --timeout S      seconds one cell may take (default 900)`;

const OPTIONS = {
  quick: { type: "boolean", default: false },
  only: { type: "string" },
  out: { type: "string" },
  "no-write": { type: "boolean", default: false },
  "no-images": { type: "boolean", default: false },
  timeout: { type: "string" },
} as const;

export async function main(argv: string[]): Promise<number> {
  return runCommand({ name: "course", usage: USAGE, options: OPTIONS }, argv, course);
}

async function course({ values }: Parsed<typeof OPTIONS>): Promise<number> {
  const cellTimeout = positiveOption("timeout", values.timeout, 900);
  const wanted = values.only?.split(",").map((s) => s.trim().padStart(2, "0"));
  const sources = lessonSources().filter((s) => wanted === undefined || wanted.some((n) => relative(join(packageRoot(), "notebooks", "src"), s).startsWith(`${n}-`)));
  if (sources.length === 0) {
    console.error(`tsdl course: no lessons${wanted ? ` numbered ${wanted.join(", ")}` : ""} in notebooks/src/`);
    return 1;
  }
  const outDir = resolve(values.out ?? join(packageRoot(), "build"));
  const quick = values.quick || process.env["TSDL_QUICK"] === "1";
  const result = await buildCourse({
    sources,
    outDir,
    writeNotebooks: !values["no-write"],
    quick,
    cellTimeout,
    images: !values["no-images"],
    log: (line) => console.log(line),
  });
  console.log(`\n${summaryTable(result)}`);
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  console.log(`\nsite:     ${relative(process.cwd(), join(outDir, "site", "index.html"))}\nstudents: ${relative(process.cwd(), join(outDir, "student"))}/`);
  if (result.problems.length > 0) {
    console.error(`\ntsdl course: FAILED — ${result.problems.length} problem(s):\n  ${result.problems.join("\n  ")}`);
    return 1;
  }
  return 0;
}

/** Seconds per lesson, and where the rest of the time went. */
export function summaryTable(result: CourseResult): string {
  const rows = result.lessons.map((l) => `${l.name.padEnd(34)} ${l.seconds.toFixed(1).padStart(7)} s  ${String(l.cells).padStart(5)}  ${String(l.figures).padStart(7)}  ${l.problems.length === 0 ? "ok" : "FAILED"}`);
  const s = result.seconds;
  return [
    `${"lesson".padEnd(34)} ${"time".padStart(9)}  cells  figures${result.quick ? "   (TSDL_QUICK=1)" : ""}`,
    ...rows,
    `${"all lessons".padEnd(34)} ${s.execute.toFixed(1).padStart(7)} s`,
    `kernel ${s.kernel.toFixed(1)} s · figure images ${s.images.toFixed(1)} s · site ${s.site.toFixed(1)} s · total ${s.total.toFixed(1)} s`,
  ].join("\n");
}
