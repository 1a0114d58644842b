/**
 * Hostile cells in one kernel: each ends in an error in its own cell, a variable defined
 * first survives every case the process survives, and process.exit() ends in a clean
 * restart through jupyter_client's KernelManager.
 */
import assert from "node:assert/strict";
import { runDriver } from "./driver.js";

interface Case {
  case: string;
  status?: string | null;
  ename?: string | null;
  evalue?: string;
  error_outputs?: [string, string][];
  alive: boolean;
  state_kept?: boolean | null;
  [key: string]: unknown;
}
interface HostileResult { cases: Case[]; log_tail: string }

describe("kernel faults: hostile cells", function () {
  this.timeout(240_000);
  let r: HostileResult;
  const find = (prefix: string): Case => {
    const found = r.cases.find((c) => c.case.startsWith(prefix));
    assert.ok(found, `no case '${prefix}' in ${JSON.stringify(r.cases.map((c) => c.case))}`);
    return found;
  };
  const endsInOwnError = (prefix: string, ename: string, evalue?: RegExp) => () => {
    const c = find(prefix);
    assert.equal(c.status, "error", JSON.stringify(c));
    assert.equal(c.ename, ename);
    if (evalue) assert.match(c.evalue ?? "", evalue);
    assert.deepEqual(c.error_outputs?.map(([name]) => name), [ename], "one error output on iopub, in this cell");
    assert.equal(c.alive, true);
    assert.equal(c.state_kept, true, "a variable defined before is gone");
  };
  before(async () => {
    r = await runDriver<HostileResult>("hostile.py");
    for (const c of r.cases) console.log(`      ${JSON.stringify(c)}`);
  });

  it("an infinite synchronous loop is interrupted (SIGINT) into an error, state kept",
    endsInOwnError("infinite synchronous loop", "Interrupted"));
  it("a never-settling promise is interrupted into an error, state kept",
    endsInOwnError("never-settling promise", "Interrupted"));
  it("a stack overflow is a RangeError in its cell, state kept",
    endsInOwnError("stack overflow", "RangeError", /call stack/));
  it("a 1 GiB string is a RangeError in its cell, state kept",
    endsInOwnError("1 GiB string", "RangeError", /string length/));

  it("a 1 GiB typed array, filled, is allocated and the kernel lives on", () => {
    const c = find("1 GiB typed array");
    assert.equal(c.status, "ok");
    assert.deepEqual(c["result"], ["1073741824"]);
    assert.ok((c["rss_with_kb"] as number) - (c["rss_before_kb"] as number) > 700_000, "the gigabyte was not really touched");
    assert.equal(c.alive, true);
    assert.equal(c.state_kept, true);
  });

  for (const prefix of [
    "unhandled rejection from a timer after the cell ended (next cell running)",
    "exception thrown in a callback after the cell ended (next cell running)",
    "exception thrown in a callback after the cell ended (kernel idle)",
    "unhandled rejection from a timer after the cell ended (kernel idle)",
  ]) {
    it(`${prefix}: the error shows in the cell that started the timer, nowhere else`, () => {
      const c = find(prefix);
      assert.equal(c.status, "ok", "the cell itself finished fine");
      assert.equal((c["errors_in_own_cell"] as unknown[]).length, 1, JSON.stringify(c));
      assert.deepEqual(c["errors_in_next_cell"], []);
      assert.deepEqual(c["errors_elsewhere"], []);
      if (prefix.includes("next cell running")) assert.equal(c["next_status"], "ok");
      assert.equal(c.alive, true);
      assert.equal(c.state_kept, true);
    });
  }

  it("process.stdout writes from a timer go to the cell that started it, whole and in order", () => {
    const c = find("process.stdout.write from a timer");
    assert.ok((c["ticks"] as number) >= 5, `only ${c["ticks"]} ticks`);
    assert.equal(c["tick_lines_in_own_cell"], c["ticks"]);
    assert.equal(c["tick_lines_in_ordered"], true);
    assert.equal(c["tick_lines_elsewhere"], 0);
    assert.equal(c["next_cell_stdout"], "B says hi\n");
  });

  it("process.exit() ends in an error in its cell, or in a clean exit (output sent, its exit code) and a restart", () => {
    const c = find("process.exit(3)");
    if (c.alive) {
      assert.equal(c.status, "error", JSON.stringify(c));
      assert.equal(c.state_kept, true);
    } else {
      assert.equal(c["stdout"], "last words\n", "what the cell printed before exiting was lost");
      assert.equal(c["exit_code"], 3, "the kernel did not exit with the cell's code (aborted?)");
      assert.equal(c["old_pid_gone"], true);
      assert.equal(c["new_pid"], true);
      assert.equal(c["restarted"], true, "the restarted kernel did not answer");
      assert.equal(c["state_after_restart_is_fresh"], true);
    }
  });
});
