// The course build (quick mode): every lesson executes on the tsdl kernel with no error
// and no stderr, the site and the student versions are written, and grading works both
// ways: the instructor's notebook earns every point, the student version none.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { convertSource } from "../../cli/course/convert.js";
import { score } from "../../cli/course/grading.js";
import type { GradeReport } from "../../cli/course/grading.js";
import { parseNotebook, sourceText } from "../../cli/course/ipynb.js";
import { gradedCells } from "../../cli/course/nbgrader.js";
import { lessonSources, packageRoot } from "../../cli/course/paths.js";
import { buildJupyterPath, courseBuild } from "./course-build.js";
import type { CourseBuild } from "./course-build.js";

const TSDL = join(packageRoot(), "dist", "cli", "tsdl.js");
const lessons = lessonSources().map((s) => ({ source: s, name: basename(s, ".ts") }));

describe("tsdl course (quick mode, every lesson)", function () {
  this.timeout(900_000);
  let build: CourseBuild;
  before(async () => {
    build = await courseBuild();
  });

  it("executes every lesson with no error and no stderr output", () => {
    assert.deepEqual(build.result.problems, [], build.log.join("\n"));
    assert.deepEqual(build.result.lessons.map((l) => l.name), lessons.map((l) => l.name));
  });

  for (const { source, name } of lessons) {
    describe(name, () => {
      const executed = (): string => join(build.outDir, "executed", `${name}.ipynb`);

      it("keeps the source's cells, each code cell executed", () => {
        const nb = parseNotebook(readFileSync(executed(), "utf8"), executed());
        const fresh = build.sources.get(name);
        assert.ok(fresh !== undefined, `${source} appeared after the build started`);
        assert.deepEqual(nb.cells.map(sourceText), fresh.cells.map(sourceText));
        for (const cell of nb.cells) if (cell.cell_type === "code" && sourceText(cell).trim() !== "") assert.notEqual(cell.execution_count, null, `cell ${cell.id} not executed`);
      });

      it("has a page on the site and a student version without solutions, hidden tests or outputs", () => {
        assert.ok(existsSync(join(build.outDir, "site", `${name}.html`)));
        const student = readFileSync(join(build.outDir, "student", `${name}.ipynb`), "utf8");
        assert.doesNotMatch(student, /BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS/);
        for (const cell of parseNotebook(student, name).cells) if (cell.cell_type === "code") assert.deepEqual(cell.outputs, []);
      });

      it("has graded cells that nbgrader's autograder would pass: no error, nothing on stderr, no value", () => {
        // nbgrader scores a graded cell 0 for an error or any stderr output, and reads an
        // execute_result as partial credit; the lessons' tests print with console.log only.
        const nb = parseNotebook(readFileSync(executed(), "utf8"), executed());
        const graded = [...gradedCells(nb, name)];
        assert.ok(graded.length > 0, `${name} has no graded cell`);
        for (const [gradeId, cell] of graded) {
          assert.equal(cell.cell_type, "code", `${name}: graded cell ${gradeId}`);
          const outputs = cell.cell_type === "code" ? cell.outputs : [];
          const bad = outputs.filter((o) => o.output_type === "error" || o.output_type === "execute_result" || (o.output_type === "stream" && o["name"] === "stderr"));
          assert.deepEqual(bad, [], `${name}: graded cell ${gradeId}`);
        }
      });

      it("earns every point as the instructor's version", () => {
        const instructor = build.sources.get(name) ?? convertSource(source);
        const report = score(parseNotebook(readFileSync(executed(), "utf8"), executed()), instructor, name);
        assert.equal(report.score, report.max_score, JSON.stringify(report.exercises, null, 1));
      });
    });
  }

  it("lists every lesson on the index page with its title", () => {
    const index = readFileSync(join(build.outDir, "site", "index.html"), "utf8");
    for (const lesson of build.result.lessons) assert.ok(index.includes(`href="${lesson.name}.html"`), `${lesson.name} missing from index.html`);
  });

  describe("tsdl grade on the student versions (every exercise fails)", () => {
    const graded = lessons.filter(({ source }) => gradedCells(convertSource(source), source).size > 0);
    it("has lessons with graded exercises", () => assert.ok(graded.length > 0));
    for (const { source, name } of graded) {
      it(`${name}: 0 points for every exercise`, () => {
        const json = join(mkdtempSync(join(tmpdir(), "tsdl-grade-")), "report.json");
        const instructor = join(build.outDir, "executed", `${name}.ipynb`);
        execFileSync(process.execPath, [TSDL, "grade", join(build.outDir, "student", `${name}.ipynb`), "--source", instructor, "--json", json], {
          env: { ...process.env, TSDL_QUICK: "1", TSDL_JUPYTER_PATH: buildJupyterPath(build) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        const report = JSON.parse(readFileSync(json, "utf8")) as GradeReport;
        assert.ok(report.max_score > 0, `${source}: no points to earn`);
        const passing = report.exercises.filter((e) => e.points > 0);
        assert.deepEqual(passing.map((e) => e.grade_id), [], `tests that pass with the solutions stubbed out: ${JSON.stringify(passing)}`);
      });
    }
  });

  it("tsdl grade gives the instructor's notebook full points (the command, end to end)", () => {
    const lesson = build.result.lessons.find((l) => gradedCells(convertSource(join(packageRoot(), "notebooks", "src", `${l.name}.ts`)), l.name).size > 0);
    assert.ok(lesson !== undefined, "no lesson with exercises");
    const instructor = join(build.outDir, "executed", `${lesson.name}.ipynb`);
    const out = execFileSync(process.execPath, [TSDL, "grade", instructor, "--source", instructor], {
      env: { ...process.env, TSDL_QUICK: "1", TSDL_JUPYTER_PATH: buildJupyterPath(build) },
      encoding: "utf8",
    });
    const total = /^total\s+(\d+) \/ (\d+)/m.exec(out);
    assert.ok(total !== null, out);
    assert.equal(total[1], total[2], out);
    assert.notEqual(total[2], "0");
  });
});
