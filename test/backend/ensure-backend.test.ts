// ensureBackend as a notebook sees it: one line on stdout, nothing on stderr, and a
// process that exits by itself once the backend is shut down.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

/** Runs an ES module snippet that imports tsdl (the built package), as a notebook would. */
function runSnippet(code: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8", timeout: 30_000, env: { ...process.env, TSDL_BACKEND: "", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined };
}

describe("ensureBackend", function () {
  this.timeout(120_000);

  it("chooses WASM here (tfjs-node is absent), says so in one stdout line, and is silent on stderr", () => {
    const run = runSnippet(`
      import { ensureBackend, shutdownBackend, tf } from "tsdl";
      const name = await ensureBackend();
      const again = await ensureBackend();
      const x = tf.tensor([1, 2, 3]).square().sum().dataSync()[0];
      console.log(JSON.stringify({ name, again, active: tf.getBackend(), x }));
      await shutdownBackend();
    `);
    assert.equal(run.timedOut, false, "the process did not exit by itself");
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "", "nothing may reach stderr");
    const lines = run.stdout.trim().split("\n");
    assert.equal(lines.length, 2, `expected the backend line and the result, got:\n${run.stdout}`);
    assert.match(lines[0]!, /^tsdl: TensorFlow\.js backend wasm \(\d+ threads?, SIMD(; native kernels: OpenBLAS \w+(, [^,]+)?, tsdl's loops [\w-]+, \d+ threads?)?\)$/);
    assert.deepEqual(JSON.parse(lines[1]!), { name: "wasm", again: "wasm", active: "wasm", x: 14 });
  });

  it("can be forced to the CPU backend (TSDL_BACKEND=cpu) without tfjs's Node.js notice", () => {
    const run = runSnippet(`
      import { ensureBackend, tf } from "tsdl";
      console.log(await ensureBackend(), tf.getBackend(), tf.tensor([2]).mul(3).dataSync()[0]);
    `, { TSDL_BACKEND: "cpu" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "");
    assert.equal(run.stdout, "tsdl: TensorFlow.js backend cpu\ncpu cpu 6\n");
  });

  it("fails clearly when the forced backend cannot load, or the name is unknown", () => {
    const run = runSnippet(`
      import { ensureBackend } from "tsdl";
      for (const force of ["tensorflow", "gpu"]) {
        try { await ensureBackend({ force }); console.log("loaded", force); }
        catch (error) { console.log(error.message.split("\\n")[0]); }
      }
    `);
    assert.equal(run.status, 0, run.stderr);
    const [tensorflow, gpu] = run.stdout.trim().split("\n");
    assert.match(tensorflow!, /^ensureBackend: no TensorFlow\.js backend could start \(tensorflow: /);
    assert.match(gpu!, /gpu/);
  });

  for (const shutdown of [true, false]) {
    it(`lets a script that used 2 WASM threads exit ${shutdown ? "after shutdownBackend" : "without shutdownBackend"}`, () => {
      const run = runSnippet(`
        import { ensureBackend, shutdownBackend, tf } from "tsdl";
        await ensureBackend({ force: "wasm", threads: 2 });
        tf.matMul(tf.ones([256, 256]), tf.ones([256, 256])).dataSync();
        ${shutdown ? "await shutdownBackend();" : ""}
        console.log("done");
      `);
      assert.equal(run.timedOut, false, "worker threads kept the process alive");
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /2 threads[^]*done\n$/);
    });
  }

  for (const threads of [1, 2]) {
    it(`starts ${threads} pthread worker${threads === 1 ? "" : "s"} for ${threads} WASM thread${threads === 1 ? "" : "s"}, not Emscripten's pool of 8`, () => {
      const run = runSnippet(`
        import workerThreads from "node:worker_threads";
        const files = [];
        const Worker = workerThreads.Worker;
        workerThreads.Worker = class extends Worker {
          constructor(file, options) { super(file, options); files.push(String(file)); }
        };
        const { ensureBackend, shutdownBackend, tf } = await import("tsdl");
        await ensureBackend({ force: "wasm", threads: ${threads}, helperThread: false });
        const sum = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])).sum().dataSync()[0];
        await shutdownBackend();
        console.log(JSON.stringify({ pthreads: files.filter((f) => f.endsWith("wasm-worker.js")).length, sum }));
      `);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout.trim().split("\n").at(-1)!), { pthreads: threads, sum: 64 * 64 * 64 });
    });
  }

  it("hands out TensorFlow.js itself as tf: the object a cell's require gets", () => {
    const run = runSnippet(`
      import { createRequire } from "node:module";
      import { tf } from "tsdl";
      console.log(tf === createRequire(import.meta.url)("@tensorflow/tfjs"));
    `);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), "true");
  });
});
