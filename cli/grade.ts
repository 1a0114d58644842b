/**
 * `tsdl grade SUBMISSION.ipynb --source INSTRUCTOR.ipynb [--json FILE]`: executes a
 * submitted notebook on the tsdl kernel with the instructor's tests (hidden ones included)
 * put back, and reports the points per exercise as a table (and as JSON).
 *
 * `tsdl grade --instructor NOTEBOOK --submissions DIR [--jobs N] [--gradebook FILE.csv]
 * [--feedback DIR]`: grades a class, every DIR/<student>/<lesson>.ipynb, on N kernels at
 * once, into a CSV gradebook and an HTML feedback page per student.
 * @see notebooks/00-welcome.ipynb
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { positiveOption, runCommand, UsageError } from "./args.js";
import type { Parsed } from "./args.js";
import { gradeClass } from "./course/class-grading.js";
import { feedbackHtml } from "./course/feedback.js";
import { gradeFile } from "./course/grade-run.js";
import { gradebookCsv } from "./course/gradebook.js";
import { formatReport } from "./course/grading.js";
import { parseNotebook } from "./course/ipynb.js";
import { buildJupyterDir } from "./course/kernelspec.js";
import { gradedCells } from "./course/nbgrader.js";
import { registerKernel } from "./course/register.js";

const USAGE = `usage: tsdl grade SUBMISSION.ipynb --source INSTRUCTOR.ipynb [--json FILE] [--timeout S]
       tsdl grade --instructor NOTEBOOK --submissions DIR [--jobs N] [--gradebook FILE.csv]
                  [--feedback DIR] [--timeout S] [--memory MiB]

  --jobs N      kernels at once (default: ${defaultJobs()}, the cores this machine has)
  --timeout S   seconds one cell may run (default 600 for one submission, 120 for a class)
  --memory MiB  heap limit of each kernel (default 2048)`;

function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

const OPTIONS = {
  source: { type: "string" },
  json: { type: "string" },
  timeout: { type: "string" },
  instructor: { type: "string" },
  submissions: { type: "string" },
  jobs: { type: "string" },
  gradebook: { type: "string" },
  feedback: { type: "string" },
  memory: { type: "string" },
} as const;

export async function main(argv: string[]): Promise<number> {
  return runCommand({ name: "grade", usage: USAGE, options: OPTIONS, positionals: true }, argv, grade);
}

async function grade({ values, positionals }: Parsed<typeof OPTIONS>): Promise<number> {
  if (values.instructor !== undefined || values.submissions !== undefined) {
    if (values.instructor === undefined || values.submissions === undefined || positionals.length > 0 || values.source !== undefined || values.json !== undefined) {
      throw new UsageError("a class needs --instructor and --submissions, and takes no SUBMISSION, --source or --json");
    }
    return gradeAClass(values.instructor, values.submissions, {
      jobs: positiveOption("jobs", values.jobs, defaultJobs(), { integer: true }),
      timeout: positiveOption("timeout", values.timeout, 120),
      memoryMiB: positiveOption("memory", values.memory, 2048),
      gradebook: values.gradebook,
      feedback: values.feedback,
    });
  }
  const [submissionPath] = positionals;
  if (submissionPath === undefined || values.source === undefined || positionals.length > 1) throw new UsageError("one SUBMISSION and --source are needed");
  if (values.jobs !== undefined || values.gradebook !== undefined || values.feedback !== undefined) throw new UsageError("--jobs, --gradebook and --feedback are for a class (--instructor, --submissions)");
  return gradeOne(submissionPath, values.source, values.json, positiveOption("timeout", values.timeout, 600), values.memory === undefined ? undefined : positiveOption("memory", values.memory, 2048));
}

const readInstructor = (path: string) => parseNotebook(readFileSync(path, "utf8"), path);

async function gradeOne(submissionPath: string, source: string, json: string | undefined, timeout: number, memoryMiB: number | undefined): Promise<number> {
  const name = basename(submissionPath);
  const instructor = readInstructor(source);
  const env = await registerKernel(buildJupyterDir(), process.env);
  const graded = await gradeFile(submissionPath, instructor, name, { timeout, env, ...(memoryMiB === undefined ? {} : { memoryMiB }) });
  if (graded.status !== "ok") console.error(`tsdl grade: ${name}: ${graded.status}`);
  console.log(formatReport(graded.report));
  if (json !== undefined) writeFileSync(json, JSON.stringify(graded.report, null, 2) + "\n");
  return graded.status === "ok" ? 0 : 1;
}

interface ClassOutputs {
  jobs: number;
  timeout: number;
  memoryMiB: number;
  gradebook: string | undefined;
  feedback: string | undefined;
}

async function gradeAClass(instructorPath: string, submissions: string, options: ClassOutputs): Promise<number> {
  const lesson = basename(instructorPath);
  const instructor = readInstructor(instructorPath);
  const gradeIds = [...gradedCells(instructor, lesson).keys()];
  const env = await registerKernel(buildJupyterDir(), process.env);
  const started = performance.now();
  console.log(`tsdl grade: ${lesson} for every ${submissions}/<student>/${lesson}, ${options.jobs} at once`);
  const results = await gradeClass({
    submissions, instructor, lesson, env, jobs: options.jobs, timeout: options.timeout, memoryMiB: options.memoryMiB,
    onGraded: (student, { status, report }) => console.log(`${student.padEnd(20)} ${`${report.score} / ${report.max_score}`.padStart(9)}  ${status}`),
  });
  const seconds = (performance.now() - started) / 1000;
  const bad = results.filter((r) => r.status !== "ok").length;
  console.log(`${results.length} submissions in ${seconds.toFixed(1)} s (${((results.length / seconds) * 60).toFixed(1)} a minute); ${bad} not graded in full`);
  if (options.gradebook !== undefined) {
    writeFileSync(options.gradebook, gradebookCsv(results, gradeIds));
    console.log(`gradebook: ${options.gradebook}`);
  }
  if (options.feedback !== undefined) {
    mkdirSync(options.feedback, { recursive: true });
    for (const r of results) writeFileSync(join(options.feedback, `${r.student}.html`), feedbackHtml({ ...r, lesson }));
    console.log(`feedback: ${options.feedback}/<student>.html`);
  }
  return 0;
}
