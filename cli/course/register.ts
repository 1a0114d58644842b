/**
 * Registers the tsdl kernel for the course build in a private Jupyter data folder
 * (build/jupyter), put first on JUPYTER_PATH for every notebook the build runs, so the
 * build uses this checkout's kernel whatever a user installed elsewhere. It is `tsdl
 * install`'s own code, startup snapshot included. `TSDL_JUPYTER_PATH` names a folder holding
 * a kernelspec instead.
 * @see notebooks/00-welcome.ipynb
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureEngineSnapshot, installKernelspec } from "../install.js";
import { withJupyterPath } from "./kernelspec.js";

export async function registerKernel(dir: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const override = env["TSDL_JUPYTER_PATH"];
  if (override !== undefined && override !== "") {
    if (!existsSync(join(override, "kernels", "tsdl", "kernel.json"))) throw new Error(`TSDL_JUPYTER_PATH=${override} has no kernels/tsdl/kernel.json`);
    return withJupyterPath(env, override);
  }
  installKernelspec({ dataDir: dir, name: "tsdl" });
  ensureEngineSnapshot(true); // as `tsdl install` does: each lesson's kernel starts from it
  return withJupyterPath(env, dir);
}
