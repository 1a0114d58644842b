// Lesson 06's training cell, as the lesson's source has it, and the setup it needs: what
// bench/train.ts times in plain Node and inside the kernel.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sourceText } from "../../cli/course/ipynb.js";
import { percentToNotebook } from "../../cli/course/percent.js";

const LESSON = fileURLToPath(new URL("../../../notebooks/src/06-mnist-cnn.ts", import.meta.url));
/** The lesson's epoch count, which the benchmark sets to one. */
const EPOCHS = /const numEpochs = QUICK \? \d+ : \d+;/;

/** The training cell of lesson 06, training one epoch; throws when the lesson no longer has it. */
export function lessonTrainingCell(): string {
  const notebook = percentToNotebook(readFileSync(LESSON, "utf8"), "06-mnist-cnn.ts");
  for (const cell of notebook.cells) {
    const source = sourceText(cell);
    if (cell.cell_type === "code" && source.includes("await trainModel(model")) {
      if (!EPOCHS.test(source)) throw new Error(`bench/train: lesson 06's training cell no longer sets numEpochs as ${EPOCHS}`);
      return source.replace(EPOCHS, "const numEpochs = 1;");
    }
  }
  throw new Error(`bench/train: no cell of ${LESSON} calls 'await trainModel(model'`);
}

/**
 * What lesson 06 has defined when its training cell runs: the backend, all 60,000 training
 * and 10,000 test digits as tensors, and the model (`from` is where `tsdl` is imported from).
 */
export function lessonSetup(from = "tsdl"): string {
  return [
    `import { ensureBackend, loadMnist, toTensors, createCourseCnn, trainModel } from ${JSON.stringify(from)};`,
    "const QUICK = false;",
    "await ensureBackend();",
    'const { X: XTrain, y: yTrain } = toTensors(await loadMnist("train"));',
    'const { X: XTest, y: yTest } = toTensors(await loadMnist("test"));',
    "const model = createCourseCnn({ seed: 42 });",
  ].join("\n");
}

/** Prints the epoch's record as one JSON line, after the training cell. */
export const REPORT = 'console.log("TSDL_BENCH " + JSON.stringify(history.epochs[0]));';
