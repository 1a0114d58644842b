/**
 * The course build, step by step: register the kernel, convert every lesson source,
 * execute each lesson on the tsdl kernel through nbclient (stopping a lesson at its first
 * error; any error or stderr output fails the build, naming lesson and cell), give
 * figures static images, write the executed notebooks, the student versions and the site.
 * @see notebooks/00-welcome.ipynb
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { studentVersion } from "./assignment.js";
import { lessonProblems } from "./checks.js";
import { convertSource } from "./convert.js";
import { addFigureImages, chromiumPath, countFigures } from "./figure-images.js";
import { serialise } from "./ipynb.js";
import type { Notebook } from "./ipynb.js";
import { executeNotebook } from "./jupyter.js";
import { lessonInfo } from "./lessons.js";
import type { LessonInfo } from "./lessons.js";
import { notebooksDir } from "./paths.js";
import { registerKernel } from "./register.js";
import { renderSite } from "./site.js";

export interface CourseOptions {
  /** Lesson sources, in order. */
  sources: string[];
  /** The build folder: site/, student/, executed/, jupyter/ and course.json go here. */
  outDir: string;
  /** Also write the executed notebooks to notebooks/ (the committed ones). */
  writeNotebooks: boolean;
  /** Set TSDL_QUICK=1 for the kernel (fewer epochs and data, every cell still runs). */
  quick: boolean;
  /** Seconds one cell may take; cells marked slow (see `slowReason`) have no limit. */
  cellTimeout: number;
  /** Give figures static PNG images (needs Chromium). */
  images: boolean;
  log: (line: string) => void;
}

export interface LessonResult extends LessonInfo {
  seconds: number;
  cells: number;
  figures: number;
  /** The three slowest cells: 1-based number and seconds. */
  slowest: { cell: number; seconds: number }[];
  problems: string[];
}

export interface CourseResult {
  quick: boolean;
  lessons: LessonResult[];
  problems: string[];
  warnings: string[];
  seconds: { kernel: number; execute: number; images: number; site: number; total: number };
}

/** Why a cell is marked slow (`{"tsdl": {"slow": "…"}}` in its metadata: it has no time limit), if it is. */
export function slowReason(cell: { metadata?: Record<string, unknown> } | undefined): string | undefined {
  const slow = (cell?.metadata?.["tsdl"] as { slow?: unknown } | undefined)?.slow;
  return typeof slow === "string" ? slow : undefined;
}

export async function buildCourse(options: CourseOptions): Promise<CourseResult> {
  const t0 = performance.now();
  const executedDir = join(options.outDir, "executed");
  const studentDir = join(options.outDir, "student");
  const siteDir = join(options.outDir, "site");
  for (const dir of [executedDir, studentDir, siteDir]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const warnings: string[] = [];
  const env = await registerKernel(join(options.outDir, "jupyter"), { ...process.env, ...(options.quick ? { TSDL_QUICK: "1" } : {}) });
  const kernelSeconds = (performance.now() - t0) / 1000;
  const chromium = options.images ? chromiumPath() : undefined;
  if (options.images && chromium === undefined) warnings.push("Chromium not found (/usr/bin/chromium or $CHROMIUM_PATH): figures get no static images");

  const lessons: LessonResult[] = [];
  const executed: string[] = [];
  let executeSeconds = 0;
  let imageSeconds = 0;
  for (const source of options.sources) {
    const name = basename(source, ".ts");
    const file = `${name}.ipynb`;
    const nb = convertSource(source);
    options.log(`${file}: executing ${nb.cells.length} cells${options.quick ? " (TSDL_QUICK=1)" : ""} …`);
    const run = await executeNotebook(nb, { cwd: notebooksDir(), timeout: options.cellTimeout, env });
    executeSeconds += run.seconds;
    const problems = lessonProblems(file, run.notebook, run.cellStatus);
    if (run.error !== null && problems.length === 0) problems.push(`${file}: ${run.error.ename}: ${run.error.evalue}`);
    const info = lessonInfo(name, run.notebook);
    const slowest = [...run.cellSeconds].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([i, seconds]) => ({ cell: i + 1, seconds }));
    const result: LessonResult = { ...info, seconds: run.seconds, cells: nb.cells.length, figures: countFigures(run.notebook), slowest, problems };
    lessons.push(result);
    options.log(`${file}: ${problems.length === 0 ? "ok" : `FAILED (${problems.length} problem(s))`} in ${run.seconds.toFixed(1)} s, ${result.figures} figure(s); slowest cells: ${slowest.map((c) => `${c.cell} (${c.seconds.toFixed(1)} s)`).join(", ")}`);
    for (const c of slowest) {
      const why = slowReason(run.notebook.cells[c.cell - 1]);
      if (why !== undefined) options.log(`  cell ${c.cell} is slow, with no time limit: ${why} (${c.seconds.toFixed(1)} s here)`);
    }
    for (const p of problems) options.log(`  ✗ ${p}`);
    if (run.stderr.trim() !== "") options.log(`  (kernel/nbclient stderr, not from a cell:)\n    ${run.stderr.trim().split("\n").slice(-8).join("\n    ")}`);
    if (problems.length > 0) continue;
    if (chromium !== undefined) {
      const t = performance.now();
      await addFigureImages(run.notebook, { chromium });
      imageSeconds += (performance.now() - t) / 1000;
    }
    const text = serialise(run.notebook);
    writeFileSync(join(executedDir, file), text);
    executed.push(join(executedDir, file));
    if (options.writeNotebooks) writeFileSync(join(notebooksDir(), file), text);
    writeFileSync(join(studentDir, file), serialise(studentVersion(run.notebook as Notebook, file)));
  }

  const tSite = performance.now();
  const passed = lessons.filter((l) => l.problems.length === 0);
  if (executed.length > 0) {
    warnings.push(...(await renderSite({ outDir: siteDir, notebooks: executed, lessons: passed, studentDir: "../student" })));
  }
  const siteSeconds = (performance.now() - tSite) / 1000;
  const result: CourseResult = {
    quick: options.quick,
    lessons,
    problems: lessons.flatMap((l) => l.problems),
    warnings,
    seconds: { kernel: kernelSeconds, execute: executeSeconds, images: imageSeconds, site: siteSeconds, total: (performance.now() - t0) / 1000 },
  };
  writeFileSync(join(options.outDir, "course.json"), JSON.stringify(result, null, 2) + "\n");
  return result;
}
