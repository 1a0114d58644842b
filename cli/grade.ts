/**
 * `tsdl grade SUBMISSION.ipynb --source INSTRUCTOR.ipynb [--json FILE]`: executes a
 * submitted notebook on the tsdl kernel with the instructor's tests (hidden ones included)
 * put back, and reports the points per exercise as a table (and as JSON).
 * @see notebooks/00-welcome.ipynb
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatReport, score, throughLastGradedCell, withHiddenTests } from "./course/grading.js";
import { parseNotebook } from "./course/ipynb.js";
import { executeNotebook } from "./course/jupyter.js";
import { buildJupyterDir } from "./course/kernelspec.js";
import { registerKernel } from "./course/register.js";

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { source: { type: "string" }, json: { type: "string" }, timeout: { type: "string", default: "600" } },
  });
  const [submissionPath] = positionals;
  if (submissionPath === undefined || values.source === undefined || positionals.length > 1) {
    console.error("usage: tsdl grade SUBMISSION.ipynb --source INSTRUCTOR.ipynb [--json FILE]");
    return 2;
  }
  const name = basename(submissionPath);
  const submission = parseNotebook(readFileSync(submissionPath, "utf8"), submissionPath);
  const instructor = parseNotebook(readFileSync(values.source, "utf8"), values.source);
  const execution = await executeNotebook(throughLastGradedCell(withHiddenTests(submission, instructor, name)), {
    cwd: dirname(resolve(values.source)),
    allowErrors: true,
    timeout: Number(values.timeout),
    env: await registerKernel(buildJupyterDir(), process.env),
  });
  if (execution.error !== null) {
    console.error(`tsdl grade: ${name} could not be executed: ${execution.error.ename}: ${execution.error.evalue}`);
  }
  const replyErrors = new Map(
    [...execution.cellStatus].filter(([, s]) => s.status === "error").map(([i, s]) => [i, `${s.ename ?? "Error"}: ${s.evalue ?? ""}`]),
  );
  const report = score(execution.notebook, instructor, name, replyErrors);
  console.log(formatReport(report));
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
  return execution.error !== null && execution.error.kind !== "cell" ? 1 : 0;
}
