/**
 * Loads a big CommonJS module (TypeScript's ~9 MB compiler) with V8's code cache, so a new
 * kernel skips compiling it: the bytecode of every function it used last time is read from
 * disk. `save()` writes the cache after the caller has warmed the module up, so it holds the
 * functions compiled lazily while warming, not just the top level.
 *
 * The cache sits in the user's cache folder (`$TSDL_CACHE_DIR`, else `$XDG_CACHE_HOME/tsdl`,
 * else `~/.cache/tsdl`), one file per module, named by a hash of the module's source, Node's
 * version and V8's flags. A cache that V8 rejects (another V8, a corrupt file) is ignored and
 * rewritten; a folder that cannot be written only costs the speed-up.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import vm from "node:vm";

export interface CachedModule {
  exports: unknown;
  /** How the module was loaded: "cache" (accepted), "rejected" (stale, recompiled) or "compiled" (none yet). */
  source: "cache" | "rejected" | "compiled";
  /** Write the code cache now (a no-op when the loaded one was accepted); returns what happened. */
  save(): string;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env["TSDL_CACHE_DIR"]) return env["TSDL_CACHE_DIR"];
  return join(env["XDG_CACHE_HOME"] || join(homedir(), ".cache"), "tsdl");
}

/** Require `id` (resolved from `from`) through the code cache, and register it in require's cache. */
export function requireWithCodeCache(from: string, id: string, dir = cacheDir()): CachedModule {
  const require = createRequire(from);
  const path = require.resolve(id);
  const existing = require.cache[path];
  if (existing !== undefined) return { exports: existing.exports, source: "compiled", save: () => "already loaded" };
  const code = readFileSync(path, "utf8");
  const key = createHash("sha256").update(code).update(process.version).update(process.execArgv.join(" ")).digest("hex").slice(0, 16);
  const file = join(dir, `${basename(path, ".js")}-${key}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  const script = new vm.Script(wrapper, { filename: path, ...(cachedData === undefined ? {} : { cachedData }) });
  const source = cachedData === undefined ? "compiled" : script.cachedDataRejected === true ? "rejected" : "cache";
  const module = new Module(path);
  module.filename = path;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(path));
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  require.cache[path] = module; // before it runs, as Node's loader does, so a require cycle finds it
  try {
    fn.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  } catch (error) {
    delete require.cache[path];
    throw error;
  }
  module.loaded = true;
  return {
    get exports() {
      return module.exports;
    },
    source,
    save() {
      if (source === "cache") return `code cache ${file} used`;
      try {
        mkdirSync(dir, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, file); // readers see a whole file or none
        return `code cache ${file} written`;
      } catch (error) {
        return `code cache not written (${(error as Error).message})`;
      }
    },
  };
}
