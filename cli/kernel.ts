/**
 * `tsdl kernel CONNECTION_FILE`: run the Jupyter kernel (Jupyter starts it from the kernelspec).
 */
export async function main(argv: string[]): Promise<number> {
  const [connectionFile] = argv;
  if (connectionFile === undefined || argv.length !== 1) {
    console.error("usage: tsdl kernel CONNECTION_FILE");
    return 2;
  }
  const { runKernel } = await import("../kernel/main.js");
  await runKernel(connectionFile);
  return new Promise<number>(() => undefined); // the kernel ends the process itself on shutdown
}
