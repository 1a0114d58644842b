/**
 * `tsdl install [--user | --sys-prefix | --prefix DIR] [--name tsdl]`: register the kernel
 * with Jupyter. Writes kernel.json (absolute node and kernel paths, signal interrupts), the
 * logos, and plotly.min.js, which Jupyter then serves at <base_url>/kernelspecs/<name>/;
 * then builds the engine's startup snapshot (kernel/engine-snapshot.ts).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { logoPng } from "../kernel/logo.js";
import { buildEngineSnapshot } from "../kernel/engine-snapshot.js";
import { PACKAGE_ROOT } from "../kernel/engine-start.js";
import { runCommand, UsageError } from "./args.js";
import type { Parsed } from "./args.js";

const USAGE = `usage: tsdl install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--no-snapshot]

Registers the kernel with Jupyter: kernel.json, the logos and plotly.min.js, in
kernels/NAME (default tsdl) of this user's Jupyter data folder (--user, the default), of
the Python environment Jupyter lives in (--sys-prefix) or of DIR/share/jupyter (--prefix).
Then builds the engine's startup snapshot in this user's cache folder, once for this Node
and this TypeScript, so a new kernel's first cell does not wait for the compiler to load
(--no-snapshot skips it).`;

const OPTIONS = {
  user: { type: "boolean" },
  "sys-prefix": { type: "boolean" },
  prefix: { type: "string" },
  name: { type: "string", default: "tsdl" },
  "no-snapshot": { type: "boolean" },
} as const;

export interface InstallOptions {
  /** Directory that holds `kernels/` (a Jupyter data directory). */
  dataDir: string;
  name: string;
}

export async function main(argv: string[]): Promise<number> {
  return runCommand({ name: "install", usage: USAGE, options: OPTIONS }, argv, async (args) => {
    const options = installOptions(args);
    const dir = installKernelspec(options);
    console.log(`Installed kernelspec ${options.name} in ${dir}`);
    if (args.values["no-snapshot"] !== true) ensureEngineSnapshot();
    return 0;
  });
}

function installOptions({ values }: Parsed<typeof OPTIONS>): InstallOptions {
  const { name } = values;
  const places = (["user", "sys-prefix", "prefix"] as const).filter((p) => values[p] !== undefined);
  if (places.length > 1) throw new UsageError(`choose one of --${places.join(", --")}`);
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) throw new UsageError(`--name '${name}' may only hold letters, digits, '.', '_' and '-'`);
  const dataDir = values.prefix !== undefined ? join(values.prefix, "share", "jupyter") : values["sys-prefix"] === true ? join(pythonPrefix(), "share", "jupyter") : userDataDir();
  return { dataDir, name };
}

/** Write the kernelspec directory and return its path. */
export function installKernelspec(options: InstallOptions): string {
  const dir = join(options.dataDir, "kernels", options.name);
  mkdirSync(dir, { recursive: true });
  const cli = fileURLToPath(new URL("./tsdl.js", import.meta.url));
  const spec = {
    argv: [process.execPath, cli, "kernel", "{connection_file}"],
    display_name: options.name === "tsdl" ? "TypeScript (tsdl)" : `TypeScript (${options.name})`,
    language: "typescript",
    interrupt_mode: "signal",
    env: { TSDL_KERNELSPEC_NAME: options.name },
    metadata: { debugger: false, tsdl: { node: process.version } },
  };
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  writeFileSync(join(dir, "logo-32x32.png"), logoPng(32));
  writeFileSync(join(dir, "logo-64x64.png"), logoPng(64));
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve("plotly.js-dist-min"), join(dir, "plotly.min.js"));
  return dir;
}

/**
 * Build the engine's startup snapshot if this Node, TypeScript and engine have none, or the
 * declaration files it holds changed (buildEngineSnapshot), and say what happened: `quiet`
 * says nothing when it was up to date, and says the rest on stderr. A failure is a warning:
 * the snapshot is only a speed-up.
 */
export function ensureEngineSnapshot(quiet = false): void {
  try {
    const snapshot = buildEngineSnapshot(PACKAGE_ROOT);
    const line = snapshot.built ? `Built the engine's startup snapshot in ${snapshot.seconds.toFixed(1)} s: ${snapshot.path}` : `The engine's startup snapshot is up to date: ${snapshot.path}`;
    if (!quiet) console.log(line);
    else if (snapshot.built) console.error(line);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    console.error(`warning: the engine's startup snapshot was not built: ${stderr || (error as Error).message}`);
  }
}

/** Where `jupyter kernelspec list` looks for this user's kernels (as `ipykernel install --user`). */
function userDataDir(): string {
  if (process.env["JUPYTER_DATA_DIR"]) return process.env["JUPYTER_DATA_DIR"];
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return join(process.env["APPDATA"] ?? homedir(), "jupyter");
  return join(process.env["XDG_DATA_HOME"] || join(homedir(), ".local", "share"), "jupyter");
}

function pythonPrefix(): string {
  for (const python of [process.env["TSDL_PYTHON"], "python3", "/usr/bin/python3"]) {
    if (!python) continue;
    try {
      // The environment Jupyter itself lives in: the first Python that has jupyter_core.
      return execFileSync(python, ["-c", "import sys, jupyter_core; print(sys.prefix)"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      continue;
    }
  }
  throw new Error("--sys-prefix: no python3 with Jupyter found to ask for sys.prefix (set TSDL_PYTHON)");
}
