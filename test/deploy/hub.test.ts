// Debian's JupyterHub 3.0 with the shipped deploy/jupyterhub/jupyterhub_config.py, on
// 127.0.0.1: the proxy starts as installed (no NODE_PATH), two students log in through the
// REST API, their servers start, serve plotly.min.js from the kernelspec, and run `1 + 1` on
// the tsdl kernel through the hub's proxy; then everything stops, leaving no process behind.
// Needs Debian's jupyterhub, which scripts/setup.sh installs.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { installKernelspec } from "../../cli/install.js";
import { packageRoot } from "../../cli/course/paths.js";

const JUPYTERHUB = "/usr/bin/jupyterhub";
const CONFIG = join(packageRoot(), "deploy", "jupyterhub", "jupyterhub_config.py");

interface HubSummary {
  hub_start_seconds: number;
  servers_start_seconds: number;
  wrong_password_status: number;
  wrong_login_status: number;
  users: { name: string; plotly_status: number; plotly_bytes: number; kernelspecs: string[]; one_plus_one: string[]; errors: string[] }[];
  processes_while_running: string[];
  left_behind: string[];
  kernels_restarted_at_start: number;
  proxy_errors: string[];
  config_warnings: string[];
  error?: string;
  hub_log_tail?: string;
}

describe("JupyterHub with deploy/jupyterhub/jupyterhub_config.py (127.0.0.1)", function () {
  this.timeout(600_000);
  let summary: HubSummary;

  before(async function () {
    if (!existsSync(JUPYTERHUB) || !existsSync("/usr/bin/configurable-http-proxy")) {
      assert.fail("Debian's jupyterhub is not installed: bash scripts/setup.sh installs it");
    }
    const dir = mkdtempSync(join(tmpdir(), "tsdl-hub-"));
    installKernelspec({ dataDir: join(dir, "share", "jupyter"), name: "tsdl" }); // as `tsdl install --prefix DIR`
    const { stdout } = await promisify(execFile)("/usr/bin/python3", [join(packageRoot(), "test", "deploy", "hub_e2e.py"), CONFIG, dir, join(dir, "share", "jupyter"), "--users", "2"], { maxBuffer: 1 << 24 });
    summary = JSON.parse(stdout.trim().split("\n").at(-1)!) as HubSummary;
    assert.equal(summary.error, undefined, `${summary.error}\n${summary.hub_log_tail}`);
  });

  it("starts the proxy as Debian installed it, with no NODE_PATH set", () => {
    assert.deepEqual(summary.proxy_errors, []);
    assert.ok(summary.hub_start_seconds > 0);
    assert.ok(summary.processes_while_running.includes("configurable-http-proxy"), JSON.stringify(summary.processes_while_running));
  });

  it("has every setting of the shipped config and of the servers' arguments known to Jupyter (none 'not recognized')", () => {
    assert.deepEqual(summary.config_warnings, []);
  });

  it("refuses a wrong password and logs students in through the REST API", () => {
    assert.equal(summary.wrong_password_status, 403);
    assert.equal(summary.wrong_login_status, 200); // the login form again, with no redirect to a server
    assert.deepEqual(summary.users.map((u) => u.name), ["student1", "student2"]);
  });

  it("serves the tsdl kernelspec and its plotly.min.js from each student's server", () => {
    for (const user of summary.users) {
      assert.ok(user.kernelspecs.includes("tsdl"), JSON.stringify(user.kernelspecs));
      assert.equal(user.plotly_status, 200, user.name);
      assert.ok(user.plotly_bytes > 1_000_000, `plotly.min.js is ${user.plotly_bytes} bytes`);
    }
  });

  it("runs 1 + 1 on each student's tsdl kernel through the hub's proxy", () => {
    for (const user of summary.users) assert.deepEqual([user.one_plus_one, user.errors], [["2"], []], user.name);
    assert.ok(summary.processes_while_running.includes("tsdl kernel"), JSON.stringify(summary.processes_while_running));
  });

  it("stops everything, leaving no process behind", () => {
    assert.deepEqual(summary.left_behind, []);
  });
});
