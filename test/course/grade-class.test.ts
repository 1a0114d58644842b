// `tsdl grade --instructor … --submissions …` on a class of generated submissions of lesson 04
// (the quickest lesson with three exercises): right answers, a wrong one, and the bad
// submissions a class hands in. Every row of the gradebook is checked, the feedback pages
// are escaped and name only their student, and the batch finishes.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { studentVersion } from "../../cli/course/assignment.js";
import { parseNotebook, serialise, sourceText } from "../../cli/course/ipynb.js";
import { nbgraderOf } from "../../cli/course/nbgrader.js";
import { packageRoot } from "../../cli/course/paths.js";
import { answerer, parseCsv } from "./class-fixtures.js";

const TSDL = join(packageRoot(), "dist", "cli", "tsdl.js");
const LESSON = "04-momentum.ipynb";
const INSTRUCTOR = join(packageRoot(), "notebooks", LESSON);
const instructor = parseNotebook(readFileSync(INSTRUCTOR, "utf8"), INSTRUCTOR);
const handedOut = studentVersion(instructor, LESSON);
const SCRIPT = "<script>alert('x')</script>";

const answered = answerer(instructor, handedOut);
/** The cell number tsdl grade names for a graded cell (1-based, as in the notebook). */
const cellNumber = (gradeId: string): number => instructor.cells.findIndex((c) => nbgraderOf(c)?.grade_id === gradeId) + 1;

const ALL = ["momentum_step", "terminal_velocity", "momentum_converges"];
const students: Record<string, string | null> = {
  alice: serialise(answered(ALL)),
  bob: serialise(answered(["momentum_step"])),
  carol: serialise(answered(ALL, {
    terminal_velocity: "function terminalVelocity(lr: number, beta: number, grad: number): number {\n  return lr * grad;\n}",
    momentum_converges: `console.log(${JSON.stringify(SCRIPT)});\n${sourceText(instructor.cells.find((c) => nbgraderOf(c)?.grade_id === "momentum_converges")!)}`,
  })),
  dave: '{"cells": [ not json',
  erin: readFileSync(join(packageRoot(), "notebooks", "00-welcome.ipynb"), "utf8"),
  frank: serialise({ ...answered(ALL), cells: answered(ALL).cells.filter((c) => nbgraderOf(c)?.grade_id !== "terminal_velocity_tests") }),
  grace: serialise(answered(ALL, { momentum_step_tests: "// tests? what tests\n" })),
  heidi: serialise(answered(ALL, { terminal_velocity: "while (true) {}" })),
  ivan: serialise(answered(ALL, { momentum_step: "process.exit(3);" })),
  mallory: null, // a folder with no notebook in it
};

describe("tsdl grade --instructor --submissions (a class of lesson 04)", function () {
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), "tsdl-class-"));
  const submissions = join(dir, "submitted");
  const gradebook = join(dir, "grades.csv");
  const feedback = join(dir, "feedback");
  let stdout = "";
  let rows: Record<string, string>[] = [];

  before(async () => {
    for (const [student, text] of Object.entries(students)) {
      mkdirSync(join(submissions, student), { recursive: true });
      if (text !== null) writeFileSync(join(submissions, student, LESSON), text);
    }
    const run = await promisify(execFile)(process.execPath, [TSDL, "grade", "--instructor", INSTRUCTOR, "--submissions", submissions,
      "--jobs", "2", "--timeout", "60", "--gradebook", gradebook, "--feedback", feedback], { env: { ...process.env, TSDL_QUICK: "1" }, maxBuffer: 1 << 26 });
    stdout = run.stdout;
    rows = parseCsv(readFileSync(gradebook, "utf8"));
  });

  const row = (student: string): Record<string, string> => {
    const found = rows.find((r) => r["student"] === student);
    assert.ok(found !== undefined, `${student} has no row:\n${stdout}`);
    return found;
  };

  it("has one row a student, a column per graded cell, a total and the maximum", () => {
    assert.deepEqual(rows.map((r) => r["student"]), Object.keys(students).sort());
    assert.deepEqual(Object.keys(rows[0]!), ["student", "status", "momentum_step_tests", "terminal_velocity_tests", "momentum_converges_tests", "total", "max"]);
    for (const r of rows) assert.equal(r["max"], "6");
  });

  it("gives right answers their points and wrong ones none", () => {
    assert.deepEqual(row("alice"), { student: "alice", status: "ok", momentum_step_tests: "2", terminal_velocity_tests: "2", momentum_converges_tests: "2", total: "6", max: "6" });
    assert.deepEqual([row("bob")["momentum_step_tests"], row("bob")["terminal_velocity_tests"], row("bob")["total"], row("bob")["status"]], ["2", "0", "2", "ok"]);
    assert.deepEqual([row("carol")["terminal_velocity_tests"], row("carol")["total"]], ["0", "4"]);
  });

  it("gives each bad submission a zero and a line that says what was wrong", () => {
    const expected: Record<string, RegExp> = {
      dave: /^invalid: not a notebook: not JSON/,
      erin: /^invalid: not a submission of 04-momentum\.ipynb/,
      frank: /^invalid: cell 'terminal_velocity_tests' deleted or renamed/,
      grace: /^invalid: locked cell 'momentum_step_tests' was edited/,
      heidi: new RegExp(`^timeout: a cell ran over 60 s in cell ${cellNumber("terminal_velocity")} \\(terminal_velocity\\)`),
      mallory: /^missing: no 04-momentum\.ipynb/,
    };
    for (const [student, status] of Object.entries(expected)) {
      assert.match(row(student)["status"]!, status, student);
      assert.equal(row(student)["total"], "0", student);
      assert.match(stdout, new RegExp(`^${student}\\s+0 / 6\\s+${status.source.slice(1)}`, "m"), stdout);
    }
  });

  it("a submission that ends its kernel with process.exit() earns nothing for it, and the batch goes on", () => {
    // Whether the kernel turns process.exit into an error or dies, momentum_step earns nothing.
    const ivan = row("ivan");
    assert.equal(ivan["momentum_step_tests"], "0");
    assert.ok(ivan["status"] === "ok" || new RegExp(`^crashed: the kernel died in cell ${cellNumber("momentum_step")} \\(momentum_step\\)`).test(ivan["status"]!), ivan["status"]);
    if (ivan["status"] !== "ok") assert.equal(ivan["total"], "0");
  });

  it("writes a feedback page per student, escaped, naming no other student", () => {
    for (const student of Object.keys(students)) assert.ok(existsSync(join(feedback, `${student}.html`)), student);
    const carol = readFileSync(join(feedback, "carol.html"), "utf8");
    assert.ok(!carol.includes(SCRIPT), "the student's output is not escaped");
    assert.ok(carol.includes("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the student's output is missing");
    assert.doesNotMatch(carol, /<script/i);
    assert.match(carol, /4 \/ 6 points/);
    assert.match(carol, /terminal_velocity_tests[^]*0 \/ 2 points — AssertionError/);
    const bob = readFileSync(join(feedback, "bob.html"), "utf8");
    assert.match(bob, /terminal_velocity_tests/);
    assert.match(bob, /not implemented/);
    for (const other of Object.keys(students).filter((s) => s !== "bob")) assert.ok(!bob.includes(other), `bob's page names ${other}`);
  });

  it("keeps the one-submission form: tsdl grade SUBMISSION --source INSTRUCTOR --json", async () => {
    const json = join(dir, "alice.json");
    await promisify(execFile)(process.execPath, [TSDL, "grade", join(submissions, "carol", LESSON), "--source", INSTRUCTOR, "--json", json], { env: { ...process.env, TSDL_QUICK: "1" } });
    const report = JSON.parse(readFileSync(json, "utf8")) as { score: number; max_score: number };
    assert.deepEqual([report.score, report.max_score], [4, 6]);
  });

  it("answers --help with its usage and an unknown option with one line and the usage", async () => {
    const help = await promisify(execFile)(process.execPath, [TSDL, "grade", "--help"]);
    assert.match(help.stdout, /--instructor NOTEBOOK --submissions DIR/);
    const bad = await promisify(execFile)(process.execPath, [TSDL, "grade", "--bogus"]).then(() => assert.fail("exit 0"), (e: { code: number; stderr: string }) => e);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^tsdl grade: Unknown option '--bogus'.*\nusage: tsdl grade/);
  });
});
