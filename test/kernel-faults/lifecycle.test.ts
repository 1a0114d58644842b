/**
 * Lifecycle through jupyter_client's KernelManager: restart and shutdown leave no process
 * of the kernel's tree and no listening port behind; a kernel whose parent is killed exits;
 * the heartbeat answers while a cell keeps the main thread busy.
 */
import assert from "node:assert/strict";
import { runDriver } from "./driver.js";

interface LifecycleResult {
  restart_shutdown: {
    ports: number[]; listening_before: number[]; tree_before: number[];
    heartbeat: { pings: number; answered: number; missed: number; max_latency_ms: number; cell_status: string | null; cell_finished: boolean };
    restart_seconds: number; new_pid: boolean; old_gone: boolean; orphans_after_restart: number[]; works_after_restart: boolean;
    listening_after_restart_owners: string[]; listening_after_restart_ports: number[]; second_pid: number;
    shutdown_seconds: number; gone_after_shutdown: boolean; orphans_after_shutdown: number[]; listening_after_shutdown: number[];
  };
  parent_dies: { kernel_exited: boolean; seconds: number; listening_after: number[] };
}

describe("kernel faults: lifecycle", function () {
  this.timeout(180_000);
  let r: LifecycleResult;
  before(async () => {
    r = await runDriver<LifecycleResult>("lifecycle.py");
    console.log(`      ${JSON.stringify(r)}`);
  });

  it("listens on its five ports and has the user's child process in its tree", () => {
    assert.deepEqual(r.restart_shutdown.listening_before, r.restart_shutdown.ports);
    assert.ok(r.restart_shutdown.tree_before.length >= 1, "the cell's `sleep 300` was not seen");
  });

  it("answers every heartbeat while a cell spins for 4 s", () => {
    const h = r.restart_shutdown.heartbeat;
    assert.ok(h.pings >= 10, `${h.pings} pings`);
    assert.equal(h.missed, 0);
    assert.ok(h.max_latency_ms < 1000, `${h.max_latency_ms} ms`);
    assert.equal(h.cell_status, "ok");
  });

  it("restarts into a new process that answers; the old process tree is gone and only the new one listens", () => {
    const x = r.restart_shutdown;
    assert.equal(x.new_pid, true);
    assert.equal(x.old_gone, true);
    assert.deepEqual(x.orphans_after_restart, []);
    assert.equal(x.works_after_restart, true);
    assert.deepEqual(x.listening_after_restart_ports, x.ports);
    assert.ok(x.listening_after_restart_owners.every((o) => o.includes(`pid=${x.second_pid},`)), JSON.stringify(x.listening_after_restart_owners));
  });

  it("shuts down gracefully, leaving no process and no open port", () => {
    const x = r.restart_shutdown;
    assert.equal(x.gone_after_shutdown, true);
    assert.ok(x.shutdown_seconds < 5, `shutdown took ${x.shutdown_seconds} s (jupyter_client kills after 5 s)`);
    assert.deepEqual(x.orphans_after_shutdown, []);
    assert.deepEqual(x.listening_after_shutdown, []);
  });

  it("exits when its parent process is killed, closing its ports", () => {
    assert.equal(r.parent_dies.kernel_exited, true);
    assert.ok(r.parent_dies.seconds < 10);
    assert.deepEqual(r.parent_dies.listening_after, []);
  });
});
