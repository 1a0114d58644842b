/**
 * A port in the connection file that another process took before the kernel could bind it
 * (jupyter_client issue 487; it happened to a student's kernel on a busy hub): the kernel
 * exits at once, naming the port, and jupyter_client's restarter brings it back on new ports
 * with the kernel manager deploy/jupyterhub gives every student's server (no port cache).
 */
import assert from "node:assert/strict";
import { runDriver } from "./driver.js";

interface Restarted { restarts: number; dead: boolean; answer: string | null; taken_port: number; shell_port_after: number; log_tail: string }
interface PortsResult {
  alone: { code: number; seconds: number; stderr: string; port: number };
  hub_manager: Restarted;
  default_manager: Restarted;
}

describe("kernel faults: a port Jupyter chose is taken", function () {
  this.timeout(240_000);
  let r: PortsResult;
  before(async () => {
    r = await runDriver<PortsResult>("ports.py");
  });

  it("exits with status 1 within seconds, naming the channel and the port, with no crash", () => {
    assert.equal(r.alone.code, 1, r.alone.stderr);
    assert.ok(r.alone.seconds < 20, `${r.alone.seconds} s`);
    assert.match(r.alone.stderr, new RegExp(`cannot bind control_port ${r.alone.port} \\(tcp://127\\.0\\.0\\.1:${r.alone.port}\\): Address already in use`));
    assert.doesNotMatch(r.alone.stderr, /terminate called|Napi::Error|Segmentation/);
  });

  it("comes back on new ports under the restarter with the hub's kernel manager, and answers", () => {
    const x = r.hub_manager;
    assert.equal(x.dead, false, x.log_tail);
    assert.ok(x.restarts >= 1, `${x.restarts} restarts`);
    assert.notEqual(x.shell_port_after, x.taken_port);
    assert.equal(x.answer, "42", x.log_tail);
  });

  it("with jupyter_client's default manager (its port cache), every restart keeps the taken port: why the hub has its own", () => {
    const x = r.default_manager;
    assert.equal(x.dead, true, x.log_tail);
    assert.equal(x.shell_port_after, x.taken_port);
    assert.equal(x.answer, null);
  });
});
