/**
 * `tsdl install [--user | --sys-prefix | --prefix DIR] [--name tsdl]`: register the kernel
 * with Jupyter. Writes kernel.json (absolute node and kernel paths, signal interrupts), the
 * logos, and plotly.min.js, which Jupyter then serves at <base_url>/kernelspecs/<name>/.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { logoPng } from "../kernel/logo.js";

const USAGE = "usage: tsdl install [--user | --sys-prefix | --prefix DIR] [--name NAME]";

export interface InstallOptions {
  /** Directory that holds `kernels/` (a Jupyter data directory). */
  dataDir: string;
  name: string;
}

export async function main(argv: string[]): Promise<number> {
  let options: InstallOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if ((error as Error).message === "help") {
      console.log(USAGE);
      return 0;
    }
    console.error(`tsdl install: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dir = installKernelspec(options);
  console.log(`Installed kernelspec ${options.name} in ${dir}`);
  return 0;
}

export function parseArgs(argv: string[]): InstallOptions {
  let dataDir: string | undefined;
  let name = "tsdl";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--user") dataDir = userDataDir();
    else if (arg === "--sys-prefix") dataDir = join(pythonPrefix(), "share", "jupyter");
    else if (arg === "--prefix") dataDir = join(value(), "share", "jupyter");
    else if (arg === "--name") name = value();
    else if (arg === "--help" || arg === "-h") throw new Error("help");
    else throw new Error(`unknown option '${arg}'`);
  }
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) throw new Error(`--name '${name}' may only hold letters, digits, '.', '_' and '-'`);
  return { dataDir: dataDir ?? userDataDir(), name };
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
