/**
 * `tsdl kernel CONNECTION_FILE`: run the Jupyter kernel (Jupyter starts it from the kernelspec).
 */
import { runCommand, UsageError } from "./args.js";

const USAGE = `usage: tsdl kernel CONNECTION_FILE

Runs the tsdl Jupyter kernel on a connection file; Jupyter starts it so, from the kernelspec
that \`tsdl install\` writes.`;

export async function main(argv: string[]): Promise<number> {
  return runCommand({ name: "kernel", usage: USAGE, options: {}, positionals: true }, argv, async ({ positionals }) => {
    const [connectionFile] = positionals;
    if (connectionFile === undefined || positionals.length !== 1) throw new UsageError(`one CONNECTION_FILE is needed, not ${positionals.length}`);
    const { startKernelEngine } = await import("../kernel/engine-start.js");
    const engine = startKernelEngine(); // first: it takes longest to be ready
    const { runKernel } = await import("../kernel/main.js");
    await runKernel(connectionFile, engine);
    return new Promise<number>(() => undefined); // the kernel ends the process itself on shutdown
  });
}
