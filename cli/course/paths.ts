/**
 * Where the course's files live, found from this module's own location (dist/cli/course/
 * in a build), so every command works from any working directory.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root: the nearest folder above this file holding package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const notebooksDir = (): string => join(packageRoot(), "notebooks");
export const sourcesDir = (): string => join(notebooksDir(), "src");

/** Lesson sources, NN-slug.ts, in lesson order. */
export function lessonSources(): string[] {
  const dir = sourcesDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d\d-[a-z0-9-]+\.ts$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** notebooks/src/NN-slug.ts → notebooks/NN-slug.ipynb (or the same name under `outDir`). */
export function notebookPathFor(source: string, outDir?: string): string {
  const name = basename(source).replace(/\.ts$/, ".ipynb");
  return join(outDir ?? resolve(dirname(source), ".."), name);
}
