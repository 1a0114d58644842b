/**
 * How a cell's imports load. Compiled cells call `require(id)`; this one resolves from the
 * notebook's folder first and falls back to this package (so `@tensorflow/tfjs` is the very
 * instance `tsdl` uses), maps `tsdl` to this package from any folder, and serves ES modules
 * (ESM-only packages, or modules with top-level await) from an `import()` done before the
 * cell runs (`preload`). ES namespaces are marked `__esModule` so TypeScript's interop
 * helpers see named and default exports the way the type checker assumed.
 */
import { createRequire, Module } from "node:module";
import { dirname, extname, isAbsolute, join } from "node:path";
import { types } from "node:util";
import vm from "node:vm";

type Require = (id: string) => unknown;

export interface ModuleLoader {
  require: Require;
  /** Load whatever of `ids` only `import()` can load, ahead of a cell that needs them. */
  preload(ids: readonly string[]): Promise<void>;
  /** JavaScript compiled from the notebook folder's own `.ts` files, by absolute path. */
  addSideOutputs(outputs: readonly { path: string; data: string }[]): void;
  /**
   * Start loading the packages (not the folder's own modules) that `ids` name, ignoring any
   * failure: a cell calls it while it waits for its compile, so a package that takes a second
   * to load (tfjs, tsdl) loads in that time. Resolves when they are loaded or have failed.
   */
  warm(ids: readonly string[]): Promise<void>;
}

const ESM_ONLY = new Set(["ERR_REQUIRE_ESM", "ERR_REQUIRE_ASYNC_MODULE", "ERR_PACKAGE_PATH_NOT_EXPORTED"]);

export function createModuleLoader(options: { cwd: string; packageRoot: string }): ModuleLoader {
  const fromCwd = createRequire(join(options.cwd, "__notebook__.js"));
  const fromPackage = createRequire(join(options.packageRoot, "package.json"));
  const imported = new Map<string, unknown>();
  const sideOutputs = new Map<string, string>();
  const sideModules = new Map<string, Module>();
  const marked = new WeakMap<object, object>();

  const isBare = (id: string) => !id.startsWith(".") && !isAbsolute(id) && !id.startsWith("node:");
  const isOwn = (id: string) => id === "tsdl" || id.startsWith("tsdl/");

  /** Which require to use for `id`, and whether the folder itself has it. */
  function requirerFor(id: string): Require {
    if (isOwn(id) || !isBare(id)) return isOwn(id) ? fromPackage : fromCwd;
    try {
      fromCwd.resolve(id);
      return fromCwd;
    } catch (error) {
      const code = (error as { code?: string }).code;
      return code === "MODULE_NOT_FOUND" ? fromPackage : fromCwd;
    }
  }

  function asInterop(value: unknown): unknown {
    if (!types.isModuleNamespaceObject(value)) return value;
    const namespace = value as object;
    let proxy = marked.get(namespace);
    if (proxy === undefined) {
      proxy = new Proxy(namespace, {
        get: (target, key) => (key === "__esModule" ? true : Reflect.get(target, key)),
        has: (target, key) => key === "__esModule" || Reflect.has(target, key),
      });
      marked.set(namespace, proxy);
    }
    return proxy;
  }

  function requireSide(id: string, from: string): unknown {
    let path = join(from, id);
    if (extname(path) === "") path += ".js";
    const cached = sideModules.get(path);
    if (cached !== undefined) return cached.exports;
    const code = sideOutputs.get(path);
    if (code === undefined) return undefined;
    const module = new Module(path);
    module.filename = path;
    module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(path));
    const local = createRequire(path);
    (module as unknown as { require: Require }).require = (inner: string) =>
      inner.startsWith(".") ? requireSide(inner, dirname(path)) ?? local(inner) : load(inner);
    sideModules.set(path, module);
    (module as unknown as { _compile(code: string, path: string): void })._compile(code, path);
    return module.exports;
  }

  function load(id: string): unknown {
    if (imported.has(id)) return asInterop(imported.get(id));
    if (id.startsWith(".")) {
      const side = requireSide(id, options.cwd);
      if (side !== undefined) return side;
    }
    try {
      return asInterop(requirerFor(id)(id));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== undefined && ESM_ONLY.has(code)) {
        throw new Error(`'${id}' is an ES module that was not preloaded; import it with a static import at the top of a cell`, { cause: error });
      }
      throw error;
    }
  }

  async function importFrom(id: string): Promise<unknown> {
    const base = isOwn(id) ? options.packageRoot : requirerFor(id) === fromPackage ? options.packageRoot : options.cwd;
    const script = new vm.Script("(id) => import(id)", {
      filename: join(base, "__tsdl_import__.js"),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    return (script.runInThisContext() as (id: string) => Promise<unknown>)(id);
  }

  return {
    require: load,
    async preload(ids) {
      for (const id of ids) {
        if (imported.has(id) || id.startsWith(".")) continue;
        try {
          requirerFor(id)(id);
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === undefined || !ESM_ONLY.has(code)) continue; // the cell will report it where it happens
          imported.set(id, await importFrom(id));
        }
      }
    },
    async warm(ids) {
      await new Promise((resolve) => setImmediate(resolve)); // after the compile request is on its way
      for (const id of ids) {
        if (!isBare(id) || imported.has(id)) continue;
        try {
          await this.preload([id]);
        } catch {
          // the cell reports it where it happens, if it still happens once the cell runs
        }
      }
    },
    addSideOutputs(outputs) {
      for (const { path, data } of outputs) {
        sideModules.delete(path);
        sideOutputs.set(path, data);
      }
    },
  };
}

/** The packages a cell's source imports at its top level (`import … from "p"`, `import "p"`, `export … from "p"`). */
export function importedPackages(source: string): string[] {
  const ids = new Set<string>();
  for (const match of source.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?["']([^"'\s]+)["']/gm)) {
    if (!/^import\s+type\b/.test(match[0].trim())) ids.add(match[1]!);
  }
  return [...ids];
}

/** The module ids a compiled cell requires (string literals only, as the compiler emits them). */
export function requiredIds(js: string): string[] {
  const ids = new Set<string>();
  for (const match of js.matchAll(/\brequire\("((?:[^"\\]|\\.)*)"\)/g)) ids.add(JSON.parse(`"${match[1]!}"`) as string);
  return [...ids];
}
