/**
 * Debian's jupyter_server (python3-jupyter-server) on 127.0.0.1 with no token, its root a
 * temporary folder, and the tsdl kernel installed with `tsdl install --prefix` into it. The
 * folder `<root>/page` is served at /static/ (not /files/, which jupyter_server sandboxes, so
 * that a page there has a null origin and may not call the API).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitForServer } from "../../local-server.js";

const PYTHON = "/usr/bin/python3";
const CLI = fileURLToPath(new URL("../../../cli/tsdl.js", import.meta.url));

export function hasJupyterServer(): boolean {
  try {
    execFileSync(PYTHON, ["-c", "import jupyter_server.serverapp"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export interface JupyterServer {
  origin: string;
  /** The server's root folder; its `page` folder is served at /static/. */
  root: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startJupyterServer(): Promise<JupyterServer> {
  const dir = mkdtempSync(join(tmpdir(), "tsdl-jupyter-server-"));
  const root = join(dir, "root");
  mkdirSync(join(root, "page"), { recursive: true });
  execFileSync(process.execPath, [CLI, "install", "--prefix", dir], { stdio: "pipe" });
  const env = { ...process.env, JUPYTER_PATH: join(dir, "share", "jupyter"), JUPYTER_DATA_DIR: join(dir, "data"),
    JUPYTER_CONFIG_DIR: join(dir, "config"), JUPYTER_RUNTIME_DIR: join(dir, "runtime") };
  const port = await freePort();
  const server: ChildProcess = spawn(PYTHON, ["-m", "jupyter_server", "--allow-root", "--no-browser", "--ip=127.0.0.1", `--port=${port}`,
    "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True", `--ServerApp.root_dir=${root}`,
    "--ServerApp.extra_static_paths", join(root, "page")], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (c: Buffer) => (log = (log + c).slice(-6000));
  server.stdout!.on("data", keep);
  server.stderr!.on("data", keep);
  const origin = `http://127.0.0.1:${port}`;
  await waitForServer(`${origin}/api`, server, () => log);
  return {
    origin,
    root,
    log: () => log,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
