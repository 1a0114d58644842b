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

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (command === undefined) {
    const list = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`).join("\n");
    if (name !== undefined && name !== "help" && name !== "--help") {
      console.error(`tsdl: unknown command '${name}'`);
    }
    console.error(`usage: tsdl <command> [options]\n\ncommands:\n${list}`);
    return name === undefined || name === "help" || name === "--help" ? 0 : 2;
  }
  return (await command.load()).main(rest);
}

process.exitCode = await run(process.argv.slice(2));
