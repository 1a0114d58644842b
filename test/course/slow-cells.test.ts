// The course's time limit per cell: an ordinary cell that runs past it stops the lesson with a
// timeout, while a cell whose metadata marks it slow ({"tsdl": {"slow": "why"}}: it trains a
// network, so its time depends on the machine) has no limit, and the build says why it is slow.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { slowReason } from "../../cli/course/build.js";
import type { Notebook } from "../../cli/course/ipynb.js";
import { executeNotebook } from "../../cli/course/jupyter.js";
import { registerKernel } from "../../cli/course/register.js";

const wait = (seconds: number) => `await new Promise((resolve) => setTimeout(resolve, ${seconds * 1000})); "done"`;

function notebook(cells: { source: string; slow?: string }[]): Notebook {
  return {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" } },
    cells: cells.map((c, i) => ({
      cell_type: "code", id: `c${i}`, execution_count: null, outputs: [], source: c.source,
      metadata: c.slow === undefined ? {} : { tsdl: { slow: c.slow } },
    })),
  } as unknown as Notebook;
}

describe("the course's time limit per cell", function () {
  this.timeout(180_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tsdl-slow-cells-"));
    env = await registerKernel(join(dir, "jupyter"), { ...process.env });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("lets a cell marked slow run past the limit, and stops an ordinary one at it", async () => {
    const run = await executeNotebook(notebook([
      { source: wait(4), slow: "trains a network" },
      { source: wait(4) },
      { source: "1 + 1" },
    ]), { cwd: dir, timeout: 2, env });
    assert.equal(run.cellStatus.get(0)?.status, "ok", "the slow cell was stopped");
    assert.ok(run.cellSeconds.get(0)! >= 3.5, `the slow cell took ${run.cellSeconds.get(0)} s`);
    assert.equal(run.error?.kind, "timeout", `expected the ordinary cell to time out, got ${JSON.stringify(run.error)}`);
    assert.equal(run.error?.cell_index, 1);
  });

  it("reads the reason a cell is slow from its metadata", () => {
    assert.equal(slowReason({ metadata: { tsdl: { slow: "trains the CNN" } } }), "trains the CNN");
    assert.equal(slowReason({ metadata: {} }), undefined);
    assert.equal(slowReason(undefined), undefined);
  });
});
