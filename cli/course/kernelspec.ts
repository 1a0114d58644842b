/**
 * Where Jupyter finds the `tsdl` kernel for the course's own runs: build/jupyter, put
 * first on JUPYTER_PATH (the kernel process inherits the rest of the environment).
 * @see notebooks/00-welcome.ipynb
 */
import { delimiter, join } from "node:path";
import { packageRoot } from "./paths.js";

/** build/jupyter: the course's own Jupyter data folder. */
export const buildJupyterDir = (): string => join(packageRoot(), "build", "jupyter");

/** The environment with `dir` first on JUPYTER_PATH. */
export function withJupyterPath(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const rest = env["JUPYTER_PATH"];
  return { ...env, JUPYTER_PATH: rest === undefined || rest === "" ? dir : `${dir}${delimiter}${rest}` };
}
