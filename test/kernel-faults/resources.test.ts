/**
 * Resources: one session trains the course CNN three times on 2,000 MNIST digits (the
 * library's loader, model and trainModel, with the kernel's display); the tensor count
 * and the kernel's RSS stay flat from one training to the next.
 */
import assert from "node:assert/strict";
import { runDriver } from "./driver.js";

interface Run { run: number; status: string | null; seconds: number; rss_kb: number; numTensors: number; numBytes: number; loss: number; acc: number; outputs: number }
interface ResourcesResult { samples: number; backend: string; tensors_before: number; runs: Run[]; rss_peak_kb: number }

const RUNS = 3;
/** RSS may drift this much between the first and the last training (allocator, JIT). */
const RSS_DRIFT_KB = 96 * 1024;

describe("kernel faults: resources over three trainings", function () {
  this.timeout(420_000);
  let r: ResourcesResult;
  before(async () => {
    r = await runDriver<ResourcesResult>("resources.py", [RUNS, 2000, 1], 400_000);
    console.log(`      ${JSON.stringify(r)}`);
  });

  it("trains three times, each run learning something, with output shown", () => {
    assert.equal(r.runs.length, RUNS);
    for (const run of r.runs) {
      assert.equal(run.status, "ok");
      assert.ok(run.acc > 0.3, `run ${run.run}: accuracy ${run.acc}`);
      assert.ok(run.outputs > 0, "no display output");
    }
  });

  it("keeps tf.memory().numTensors and numBytes the same after every training", () => {
    const counts = r.runs.map((run) => run.numTensors);
    const bytes = r.runs.map((run) => run.numBytes);
    assert.deepEqual(counts, counts.map(() => counts[0]), `numTensors per run: ${counts.join(", ")}`);
    assert.deepEqual(bytes, bytes.map(() => bytes[0]), `numBytes per run: ${bytes.join(", ")}`);
  });

  it("keeps the kernel's RSS bounded from the first training to the third", () => {
    const first = r.runs[0]!.rss_kb;
    const last = r.runs.at(-1)!.rss_kb;
    assert.ok(last - first < RSS_DRIFT_KB, `RSS ${r.runs.map((run) => run.rss_kb).join(" → ")} kB`);
  });
});
