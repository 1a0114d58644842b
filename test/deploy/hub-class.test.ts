// A class of 5 on Debian's JupyterHub 3.0 with deploy/jupyterhub/jupyterhub_config.py (dummy
// authenticator, local spawner, 127.0.0.1): the hub copies `tsdl assign`'s student version of
// lesson 01 into each new home; 5 students log in through the REST API, start their servers,
// save their answers through the Contents API and run every cell of the lesson on their own
// tsdl kernels through the hub's proxy, all 5 at once, over the Jupyter websocket API. Their
// notebooks are collected from the homes and graded with `tsdl grade --jobs 2`; the gradebook's
// every score is checked, and no process is left behind.
// Needs Debian's jupyterhub, which scripts/setup.sh installs.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { installKernelspec } from "../../cli/install.js";
import { parseNotebook, serialise, sourceText } from "../../cli/course/ipynb.js";
import { nbgraderOf } from "../../cli/course/nbgrader.js";
import { packageRoot } from "../../cli/course/paths.js";
import { answerer, parseCsv } from "../course/class-fixtures.js";

const run = promisify(execFile);
const TSDL = join(packageRoot(), "dist", "cli", "tsdl.js");
const CONFIG = join(packageRoot(), "deploy", "jupyterhub", "jupyterhub_config.py");
const LESSON = "01-gradient-descent.ipynb";
const INSTRUCTOR = join(packageRoot(), "notebooks", LESSON);
const ALL = ["gd_step", "largest_stable_lr", "descend"];
const WRONG_DESCEND = "function descend(gradient: (w: number) => number, w0: number, lr: number, numSteps: number): number[] {\n  return [w0];\n}";

/** What each student answers, and the gradebook row it must earn (2 points an exercise). */
const CLASS: Record<string, { solved: string[]; changes?: Record<string, string>; row: [number, number, number] }> = {
  student1: { solved: ALL, row: [2, 2, 2] },
  student2: { solved: ["gd_step", "descend"], row: [2, 0, 2] },
  student3: { solved: ["largest_stable_lr"], row: [0, 2, 0] },
  student4: { solved: [], row: [0, 0, 0] },
  student5: { solved: ALL, changes: { descend: WRONG_DESCEND }, row: [2, 2, 0] },
};

interface Run { seconds: number; errors: string[]; stderr: string; start_offset: number; end_offset: number }
interface ClassSummary {
  servers_start_seconds: number;
  users: { name: string; one_plus_one: string[] }[];
  class?: { handed_out_status: Record<string, number>; together_seconds: number; runs: Record<string, Run>; rss: Record<string, { total_mib: number; kernels_mib: number[] }> };
  left_behind: string[];
  kernels_restarted_at_start: number;
  error?: string;
  hub_log_tail?: string;
}

describe("a class of 5 on JupyterHub: lesson 01 run at once through the proxy, then graded", function () {
  this.timeout(1_200_000);
  const dir = mkdtempSync(join(tmpdir(), "tsdl-hub-class-"));
  const homes = join(dir, "homes");
  const submitted = join(dir, "submitted");
  let summary: ClassSummary;
  let grading = "";
  let rows: Record<string, string>[] = [];

  before(async function () {
    if (!existsSync("/usr/bin/jupyterhub") || !existsSync("/usr/bin/configurable-http-proxy")) {
      assert.fail("Debian's jupyterhub is not installed: bash scripts/setup.sh installs it");
    }
    installKernelspec({ dataDir: join(dir, "share", "jupyter"), name: "tsdl" }); // as `tsdl install --prefix DIR`
    const lessons = join(dir, "lessons");
    await run(process.execPath, [TSDL, "assign", INSTRUCTOR, "--out", lessons]);
    const instructor = parseNotebook(readFileSync(INSTRUCTOR, "utf8"), INSTRUCTOR);
    const answer = answerer(instructor, parseNotebook(readFileSync(join(lessons, LESSON), "utf8"), LESSON));
    mkdirSync(join(dir, "answers"));
    for (const [name, { solved, changes }] of Object.entries(CLASS)) writeFileSync(join(dir, "answers", `${name}.ipynb`), serialise(answer(solved, changes)));

    const { stdout } = await run("/usr/bin/python3", [join(packageRoot(), "test", "deploy", "hub_e2e.py"), CONFIG, dir, join(dir, "share", "jupyter"),
      "--users", "5", "--lessons", lessons, "--homes", homes, "--class-lesson", LESSON, "--answers", join(dir, "answers")], { maxBuffer: 1 << 26 });
    summary = JSON.parse(stdout.trim().split("\n").at(-1)!) as ClassSummary;
    assert.equal(summary.error, undefined, `${summary.error}\n${summary.hub_log_tail}`);

    // The instructor collects ~/lessons/01-gradient-descent.ipynb from every home, and grades.
    for (const name of Object.keys(CLASS)) {
      mkdirSync(join(submitted, name), { recursive: true });
      copyFileSync(join(homes, name, "lessons", LESSON), join(submitted, name, LESSON));
    }
    const gradebook = join(dir, "grades.csv");
    grading = (await run(process.execPath, [TSDL, "grade", "--instructor", INSTRUCTOR, "--submissions", submitted, "--jobs", "2", "--gradebook", gradebook], { maxBuffer: 1 << 26 })).stdout;
    rows = parseCsv(readFileSync(gradebook, "utf8"));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("starts 5 servers, each with the lesson the hub copied into its home", () => {
    assert.deepEqual(summary.users.map((u) => [u.name, u.one_plus_one]), Object.keys(CLASS).map((n) => [n, ["2"]]));
    assert.deepEqual(summary.class!.handed_out_status, Object.fromEntries(Object.keys(CLASS).map((n) => [n, 200])));
    console.log(`      5 servers ready in ${summary.servers_start_seconds} s; kernels restarted on new ports at start: ${summary.kernels_restarted_at_start}`);
  });

  it("runs the lesson for all 5 at once, on their own kernels, with nothing on stderr", () => {
    const runs = summary.class!.runs;
    assert.deepEqual(Object.keys(runs), Object.keys(CLASS));
    const lastStart = Math.max(...Object.values(runs).map((r) => r.start_offset));
    const firstEnd = Math.min(...Object.values(runs).map((r) => r.end_offset));
    assert.ok(lastStart < firstEnd, `the 5 runs did not overlap: ${JSON.stringify(runs)}`);
    for (const [name, r] of Object.entries(runs)) assert.equal(r.stderr, "", name);
    assert.deepEqual(runs["student1"]!.errors, []);
    assert.equal(runs["student4"]!.errors.length, 3, runs["student4"]!.errors.join("\n"));
    for (const e of runs["student4"]!.errors) assert.match(e, /not implemented/);
    for (const [name, rss] of Object.entries(summary.class!.rss)) assert.equal(rss.kernels_mib.length, 1, `${name}: ${JSON.stringify(rss)}`);
    console.log(`      lesson 01, 5 at once: ${Object.values(runs).map((r) => r.seconds).join(", ")} s`);
  });

  it("collects the notebooks the students saved, executed, with their answers", () => {
    const answers = answerer(parseNotebook(readFileSync(INSTRUCTOR, "utf8"), INSTRUCTOR), parseNotebook(readFileSync(join(dir, "lessons", LESSON), "utf8"), LESSON));
    for (const [name, { solved, changes }] of Object.entries(CLASS)) {
      const nb = parseNotebook(readFileSync(join(submitted, name, LESSON), "utf8"), name);
      const expected = answers(solved, changes);
      const solution = (n: typeof nb) => n.cells.filter((c) => nbgraderOf(c)?.solution === true).map(sourceText);
      assert.deepEqual(solution(nb), solution(expected), name);
      for (const cell of nb.cells) if (cell.cell_type === "code") assert.notEqual(cell.execution_count, null, `${name}: cell ${cell.id} not executed`);
    }
  });

  it("grades the 5 with tsdl grade --jobs 2 into a gradebook with every score right", () => {
    assert.deepEqual(rows.map((r) => r["student"]), Object.keys(CLASS), grading);
    for (const [name, { row }] of Object.entries(CLASS)) {
      const total = row.reduce((a, b) => a + b, 0);
      assert.deepEqual(rows.find((r) => r["student"] === name), {
        student: name, status: "ok", gd_step_tests: String(row[0]), largest_stable_lr_tests: String(row[1]), descend_tests: String(row[2]), total: String(total), max: "6",
      }, grading);
    }
    assert.match(grading, /5 submissions in [\d.]+ s/);
  });

  it("stops the hub, the proxy, the servers and the kernels, leaving no process behind", () => {
    assert.deepEqual(summary.left_behind, []);
  });
});
