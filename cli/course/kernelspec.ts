/**
 * The environment a notebook runs in: Jupyter must find the `tsdl` kernel. The course
 * registers it under build/jupyter (a private prefix, put first on JUPYTER_PATH), so the
 * build never depends on what a user installed elsewhere.
 * @see notebooks/00-welcome.ipynb
 */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { packageRoot } from "./paths.js";

/** build/jupyter: the course's own Jupyter data folder. */
export const buildJupyterDir = (): string => join(packageRoot(), "build", "jupyter");

/** The current environment with build/jupyter first on JUPYTER_PATH, once the kernel is registered there. */
export async function kernelEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<NodeJS.ProcessEnv> {
  if (env["TSDL_JUPYTER_PATH"] !== undefined) return withJupyterPath(env, env["TSDL_JUPYTER_PATH"]);
  const dir = buildJupyterDir();
  if (!existsSync(join(dir, "kernels", "tsdl", "kernel.json"))) {
    throw new Error(`the tsdl kernel is not registered in ${dir}: run \`tsdl course\` (or \`tsdl install\`) first`);
  }
  return withJupyterPath(env, dir);
}

export function withJupyterPath(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const rest = env["JUPYTER_PATH"];
  return { ...env, JUPYTER_PATH: rest === undefined || rest === "" ? dir : `${dir}${delimiter}${rest}` };
}
