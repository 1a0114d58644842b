#!/usr/bin/env node
// The `tsdl` command: each subcommand lives in its own file beside this one.
const commands: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  install: { summary: "register the Jupyter kernel (--user | --sys-prefix | --prefix DIR, --name NAME)", load: () => import("./install.js") },
  kernel: { summary: "run the Jupyter kernel on a connection file (Jupyter does this)", load: () => import("./kernel.js") },
  notebook: { summary: "lesson sources (notebooks/src/*.ts) → notebooks/*.ipynb", load: () => import("./notebook.js") },
  assign: { summary: "student versions of lessons (solutions stubbed, hidden tests removed)", load: () => import("./assign.js") },
  grade: { summary: "execute a submission with the hidden tests and report points", load: () => import("./grade.js") },
  train: { summary: "train the course CNN on MNIST; print accuracy and time (--save DIR keeps it)", load: () => import("./train.js") },
  course: { summary: "register the kernel, execute every lesson, render the site and student versions", load: () => import("./course.js") },
};

const USAGE = `usage: tsdl <command> [options]      (tsdl <command> --help: its options)

commands:
${Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`).join("\n")}`;

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || (name === "help" && rest.length === 0)) {
    console.log(USAGE);
    return 0;
  }
  if (name === "help") return run([...rest, "--help"]); // tsdl help grade
  const command = commands[name];
  if (command === undefined) {
    console.error(`tsdl: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  try {
    return await (await command.load()).main(rest);
  } catch (error) {
    // A usage error was answered by the command; what is left (a missing file, a bad notebook)
    // is one line that names it, not a stack trace.
    console.error(`tsdl ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await run(process.argv.slice(2));
