// Every `tsdl` subcommand, run as a user runs it: --help and -h print its usage on stdout and
// exit 0; an unknown or malformed option is one line on stderr naming it, then the usage, exit 2.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "../../cli/course/paths.js";

const TSDL = join(packageRoot(), "dist", "cli", "tsdl.js");
const tsdl = (...args: string[]) => spawnSync(process.execPath, [TSDL, ...args], { encoding: "utf8", timeout: 60_000 });

/** Each subcommand with a malformed command line of its own and the words its one line must hold. */
const COMMANDS: Record<string, { malformed: string[]; says: RegExp }> = {
  install: { malformed: ["--user", "--prefix", "/tmp/x"], says: /choose one of --user, --prefix/ },
  kernel: { malformed: ["a.json", "b.json"], says: /one CONNECTION_FILE is needed, not 2/ },
  course: { malformed: ["--timeout", "soon"], says: /--timeout must be a positive number, not 'soon'/ },
  notebook: { malformed: ["--out"], says: /Option '--out <value>' argument missing/ },
  assign: { malformed: ["lesson.ipynb"], says: /--out DIR is needed/ },
  grade: { malformed: ["--instructor", "a.ipynb", "--submissions", "s/", "--jobs", "1.5"], says: /--jobs must be a positive integer, not '1\.5'/ },
  train: { malformed: ["--epochs", "-3"], says: /--epochs' argument is ambiguous/ },
};

/** stderr is one line naming the problem, then the usage; no stack trace. */
function assertRejected(run: ReturnType<typeof tsdl>, name: string, says: RegExp): void {
  assert.equal(run.status, 2, `${name}: exit ${run.status}\n${run.stderr}`);
  const [first, ...rest] = run.stderr.split("\n");
  assert.match(first!, new RegExp(`^tsdl ${name}: `), run.stderr);
  assert.match(first!, says);
  assert.match(rest[0]!, new RegExp(`^usage: tsdl ${name}\\b`), run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at |ERR_PARSE_ARGS/, "a stack trace or an error code");
  assert.equal(run.stdout, "");
}

describe("tsdl <command> --help, and bad options (the real CLI)", function () {
  this.timeout(120_000);

  for (const [name, { malformed, says }] of Object.entries(COMMANDS)) {
    describe(`tsdl ${name}`, () => {
      it("--help and -h print its usage on stdout, exit 0", () => {
        for (const flag of ["--help", "-h"]) {
          const run = tsdl(name, flag);
          assert.equal(run.status, 0, `${flag}: ${run.stderr}`);
          assert.match(run.stdout, new RegExp(`^usage: tsdl ${name}\\b`));
          assert.ok(run.stdout.split("\n").length >= 3, `a usage line and what it does:\n${run.stdout}`);
          assert.equal(run.stderr, "");
        }
      });

      it("refuses an unknown option in one line that names it, then the usage, exit 2", () => {
        assertRejected(tsdl(name, "--bogus-option"), name, /Unknown option '--bogus-option'/);
      });

      it(`refuses a malformed command line (${malformed.join(" ")}) the same way`, () => {
        assertRejected(tsdl(name, ...malformed), name, says);
      });
    });
  }

  it("tsdl, tsdl --help and tsdl help list the commands on stdout; tsdl help NAME is NAME --help", () => {
    for (const args of [[], ["--help"], ["-h"], ["help"]]) {
      const run = tsdl(...args);
      assert.equal(run.status, 0, args.join(" "));
      for (const name of Object.keys(COMMANDS)) assert.match(run.stdout, new RegExp(`^  ${name} `, "m"));
    }
    assert.equal(tsdl("help", "grade").stdout, tsdl("grade", "--help").stdout);
  });

  it("an unknown command is one line naming it, then the command list, exit 2", () => {
    const run = tsdl("gradee");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^tsdl: unknown command 'gradee'\nusage: tsdl <command>/);
  });

  it("an error past the command line (a missing notebook) is one line naming it, exit 1", () => {
    const run = tsdl("assign", "no-such-lesson.ipynb", "--out", join(packageRoot(), "build", "never"));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^tsdl assign: ENOENT: no such file or directory, open 'no-such-lesson\.ipynb'\n$/);
  });
});
