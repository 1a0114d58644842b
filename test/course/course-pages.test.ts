// Every rendered lesson page in headless Chromium, offline: each figure drew (a plotly
// `.main-svg` in every figure output), each slider changes its plot, nothing is requested
// off disk, no script error. Screenshots go to $TMPDIR/tsdl-course-shots/ to look at.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { lessonSources } from "../../cli/course/paths.js";
import { checkPage, launch } from "./browser.js";
import type { PageCheck } from "./browser.js";
import { courseBuild } from "./course-build.js";

const names = lessonSources().map((s) => s.replace(/^.*\//, "").replace(/\.ts$/, ""));
const SHOTS = join(tmpdir(), "tsdl-course-shots");

describe("course pages in headless Chromium (offline)", function () {
  this.timeout(900_000);
  let browser: Browser;
  let site: string;
  const checks = new Map<string, PageCheck>();
  before(async () => {
    site = join((await courseBuild()).outDir, "site");
    mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
  });
  after(async () => browser?.close());

  for (const name of names) {
    it(`${name}: every figure draws, every slider moves its plot`, async () => {
      const check = await checkPage(browser, pathToFileURL(join(site, `${name}.html`)).href, {
        screenshot: join(SHOTS, `${name}.png`),
        sliderShots: join(SHOTS, name),
      });
      checks.set(name, check);
      assert.deepEqual(check.undrawn, [], `${name}: figures that did not draw`);
      assert.equal(check.drawn, check.figures);
      for (const s of check.sliders) assert.ok(s.changed, `${name}: figure ${s.figure}'s slider went ${s.steps[0]} → ${s.steps[1]} without changing the plot`);
      assert.deepEqual(check.offDisk, [], `${name}: requests off disk`);
      assert.deepEqual(check.consoleErrors, [], `${name}: script errors`);
    });
  }

  it("the course has figures, and sliders to move", () => {
    const all = [...checks.values()];
    assert.ok(all.reduce((n, c) => n + c.figures, 0) > 0, "no figures in any lesson");
    assert.ok(all.some((c) => c.sliders.length > 0), "no slider in any lesson");
  });
});
