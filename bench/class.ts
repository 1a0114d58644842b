// A class's figures on this machine: `node dist/bench/class.js hub [--users 5] [--lesson 01]`
// starts Debian's JupyterHub with deploy/jupyterhub/jupyterhub_config.py (through
// test/deploy/hub_e2e.py, the hub tests' driver) and prints the time to start the servers, the
// lesson's time alone and with every student at once, and each student's RSS (server + kernel)
// after it (with --users 1, the lesson once); `node dist/bench/class.js grade [--submissions 10] [--lesson 01]` prints grading
// throughput at --jobs 1 and --jobs 2. Every student answers every exercise.
import { execFile } from "node:child_process";
import { cpus } from "node:os";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { parseNotebook, serialise } from "../cli/course/ipynb.js";
import { nbgraderOf } from "../cli/course/nbgrader.js";
import { lessonSources, notebookPathFor, packageRoot } from "../cli/course/paths.js";
import { installKernelspec } from "../cli/install.js";
import { answerer } from "../test/course/class-fixtures.js";

const run = promisify(execFile);
const TSDL = join(packageRoot(), "dist", "cli", "tsdl.js");
const { values, positionals } = parseArgs({ allowPositionals: true, options: { users: { type: "string", default: "5" }, submissions: { type: "string", default: "10" }, lesson: { type: "string", default: "01" } } });
const [what] = positionals;
if (what !== "hub" && what !== "grade") throw new Error(`bench/class: say hub or grade, not ${JSON.stringify(what)}`);
const source = lessonSources().find((s) => s.includes(`/${values.lesson.padStart(2, "0")}-`));
if (source === undefined) throw new Error(`bench/class: no lesson numbered ${values.lesson}`);
const instructorPath = notebookPathFor(source);
const lesson = instructorPath.split("/").at(-1)!;
const dir = mkdtempSync(join(tmpdir(), "tsdl-bench-class-"));
console.log(`${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; ${lesson}`);

/** The handed-out lesson (tsdl assign) in dir/lessons, and one with every answer filled in. */
async function fullyAnswered(): Promise<string> {
  await run(process.execPath, [TSDL, "assign", instructorPath, "--out", join(dir, "lessons")]);
  const instructor = parseNotebook(readFileSync(instructorPath, "utf8"), instructorPath);
  const solved = instructor.cells.flatMap((c) => (nbgraderOf(c)?.solution === true ? [nbgraderOf(c)!.grade_id] : []));
  return serialise(answerer(instructor, parseNotebook(readFileSync(join(dir, "lessons", lesson), "utf8"), lesson))(solved));
}

async function hub(users: number): Promise<void> {
  installKernelspec({ dataDir: join(dir, "share", "jupyter"), name: "tsdl" });
  const answers = await fullyAnswered();
  mkdirSync(join(dir, "answers"));
  for (let i = 1; i <= users; i++) writeFileSync(join(dir, "answers", `student${i}.ipynb`), answers);
  const { stdout } = await run("/usr/bin/python3", [join(packageRoot(), "test", "deploy", "hub_e2e.py"), join(packageRoot(), "deploy", "jupyterhub", "jupyterhub_config.py"), dir, join(dir, "share", "jupyter"),
    "--users", String(users), "--lessons", join(dir, "lessons"), "--homes", join(dir, "homes"), "--class-lesson", lesson, "--answers", join(dir, "answers"), ...(users > 1 ? ["--alone-first"] : [])], { maxBuffer: 1 << 26 });
  const s = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
    error?: string; hub_start_seconds: number; servers_start_seconds: number; left_behind: string[];
    class: { alone?: { seconds: number; errors: string[] }; together_seconds: number; runs: Record<string, { seconds: number; errors: string[] }>; rss: Record<string, { server_mib: number; kernels_mib: number[]; total_mib: number }> };
  };
  if (s.error !== undefined) throw new Error(s.error);
  const runs = Object.values(s.class.runs);
  const errors = [...(s.class.alone?.errors ?? []), ...runs.flatMap((r) => r.errors)];
  if (errors.length > 0) throw new Error(`cells failed: ${errors.join("; ")}`);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`hub up in ${s.hub_start_seconds} s; ${users} servers started (REST API) and ready in ${s.servers_start_seconds} s`);
  console.log(`${lesson} alone: ${s.class.alone?.seconds.toFixed(1) ?? "(one student: see below)"} s; ${users} at once: ${runs.map((r) => r.seconds.toFixed(1)).join(", ")} s (mean ${mean(runs.map((r) => r.seconds)).toFixed(1)} s, all done in ${s.class.together_seconds.toFixed(1)} s)`);
  for (const [user, rss] of Object.entries(s.class.rss)) console.log(`RSS ${user}: server ${rss.server_mib} MiB + kernel ${rss.kernels_mib.join(" + ")} MiB = ${rss.total_mib} MiB`);
  console.log(`mean RSS a student after ${lesson}: ${mean(Object.values(s.class.rss).map((r) => r.total_mib)).toFixed(0)} MiB; left behind: ${s.left_behind.length} processes`);
}

async function grade(count: number): Promise<void> {
  const answers = await fullyAnswered();
  for (let i = 1; i <= count; i++) {
    mkdirSync(join(dir, "submitted", `student${String(i).padStart(2, "0")}`), { recursive: true });
    writeFileSync(join(dir, "submitted", `student${String(i).padStart(2, "0")}`, lesson), answers);
  }
  for (const jobs of [1, 2]) {
    const started = performance.now();
    const { stdout } = await run(process.execPath, [TSDL, "grade", "--instructor", instructorPath, "--submissions", join(dir, "submitted"), "--jobs", String(jobs), "--gradebook", join(dir, `grades-${jobs}.csv`)], { maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    const graded = stdout.split("\n").filter((l) => /^student\d+\s+\d+ \/ \d+\s+ok$/.test(l)).length;
    if (graded !== count) throw new Error(`--jobs ${jobs}: ${graded} of ${count} graded ok:\n${stdout}`);
    console.log(`--jobs ${jobs}: ${count} submissions in ${seconds.toFixed(1)} s = ${((count / seconds) * 60).toFixed(1)} a minute (the command, kernel registration included)`);
  }
}

try {
  await (what === "hub" ? hub(Number(values.users)) : grade(Number(values.submissions)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
