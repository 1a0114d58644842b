// One course build shared by every course test (quick mode, into a temporary folder, the
// committed notebooks untouched). TSDL_COURSE_BUILD=DIR reuses a finished build instead
// (e.g. `npm run course`'s build/), after checking it has a course.json.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { basename } from "node:path";
import { buildCourse } from "../../cli/course/build.js";
import type { CourseResult } from "../../cli/course/build.js";
import { convertSource } from "../../cli/course/convert.js";
import type { Notebook } from "../../cli/course/ipynb.js";
import { lessonSources } from "../../cli/course/paths.js";

export interface CourseBuild {
  outDir: string;
  result: CourseResult;
  /** Each lesson's source as converted when the build started (sources may change meanwhile). */
  sources: Map<string, Notebook>;
  /** What the build printed, for failure messages. */
  log: string[];
}

let pending: Promise<CourseBuild> | undefined;

export function courseBuild(): Promise<CourseBuild> {
  pending ??= (async () => {
    const sources = new Map(lessonSources().map((s) => [basename(s, ".ts"), convertSource(s)]));
    const reuse = process.env["TSDL_COURSE_BUILD"];
    if (reuse !== undefined && reuse !== "") {
      const summary = join(reuse, "course.json");
      if (!existsSync(summary)) throw new Error(`TSDL_COURSE_BUILD=${reuse} has no course.json`);
      return { outDir: reuse, result: JSON.parse(readFileSync(summary, "utf8")) as CourseResult, sources, log: [] };
    }
    const outDir = mkdtempSync(join(tmpdir(), "tsdl-course-"));
    const log: string[] = [];
    const result = await buildCourse({
      sources: lessonSources(),
      outDir,
      writeNotebooks: false,
      quick: true,
      cellTimeout: 600,
      images: false,
      log: (line) => log.push(line),
    });
    return { outDir, result, sources, log };
  })();
  return pending;
}

/** The kernelspec folder the build registered, for commands run against the build. */
export const buildJupyterPath = (build: CourseBuild): string => process.env["TSDL_JUPYTER_PATH"] || join(build.outDir, "jupyter");
