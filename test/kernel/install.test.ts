/** `tsdl install`: the kernelspec it writes, and how it refuses bad options. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../cli/tsdl.js", import.meta.url));
const tsdl = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

describe("tsdl install", () => {
  let prefix: string;
  beforeEach(() => (prefix = mkdtempSync(join(tmpdir(), "tsdl-install-"))));
  afterEach(() => rmSync(prefix, { recursive: true, force: true }));

  it("--prefix DIR --name NAME writes kernel.json, both logos and plotly.min.js", () => {
    const run = tsdl("install", "--prefix", prefix, "--name", "tsdl-test");
    assert.equal(run.status, 0, run.stderr);
    const dir = join(prefix, "share", "jupyter", "kernels", "tsdl-test");
    const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(spec["argv"], [process.execPath, CLI, "kernel", "{connection_file}"]);
    assert.equal(spec["language"], "typescript");
    assert.equal(spec["interrupt_mode"], "signal");
    assert.deepEqual(spec["env"], { TSDL_KERNELSPEC_NAME: "tsdl-test" });
    for (const [file, size] of [["logo-32x32.png", 32], ["logo-64x64.png", 64]] as const) {
      const png = readFileSync(join(dir, file));
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size]);
    }
    assert.ok(existsSync(join(dir, "plotly.min.js")));
  });

  it("without a location flag installs for the current user (JUPYTER_DATA_DIR respected)", () => {
    const run = spawnSync(process.execPath, [CLI, "install"], { encoding: "utf8", env: { ...process.env, JUPYTER_DATA_DIR: prefix } });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(existsSync(join(prefix, "kernels", "tsdl", "kernel.json")));
  });

  it("refuses unknown options and bad names with a usage line", () => {
    for (const args of [["--bogus"], ["--name", "has space"], ["--prefix"]]) {
      const run = tsdl("install", ...args);
      assert.equal(run.status, 2, args.join(" "));
      assert.match(run.stderr, /usage: tsdl install/);
    }
  });
});
