// Lessons link to the library files they use, and the library links back to the lessons.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const SOURCES = join(ROOT, "notebooks", "src");

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(dir, name));
}

describe("links between lessons and the library", () => {
  it("every `@see notebooks/…` in lib/ names a lesson that exists", () => {
    const broken: string[] = [];
    for (const file of filesUnder(join(ROOT, "lib"), ".ts")) {
      for (const [, target] of readFileSync(file, "utf8").matchAll(/@see (notebooks\/[\w.-]+\.ipynb)/g)) {
        if (!existsSync(join(ROOT, target!))) broken.push(`${file.slice(ROOT.length + 1)} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("every lesson links to library files that exist, and each of those links back to a lesson", () => {
    const broken: string[] = [];
    for (const lesson of filesUnder(SOURCES, ".ts")) {
      const links = [...readFileSync(lesson, "utf8").matchAll(/\]\(\.\.\/(lib\/[\w/.-]+\.ts)\)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0, `${lesson} links to no library file`);
      for (const target of new Set(links)) {
        const path = join(ROOT, target);
        if (!existsSync(path)) broken.push(`${lesson.slice(ROOT.length + 1)} → ${target} (missing)`);
        else if (!/@see notebooks\//.test(readFileSync(path, "utf8"))) broken.push(`${target} has no @see back to a lesson`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
