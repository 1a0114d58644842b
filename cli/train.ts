// `tsdl train`: train the course CNN on MNIST from the terminal, report test accuracy and time,
// and optionally save the model (for lessons that start from trained weights).
import { positiveOption, runCommand } from "./args.js";
import type { Parsed } from "./args.js";

const USAGE = `usage: tsdl train [--epochs N] [--train-size N] [--test-size N] [--batch-size N] [--lr X] [--seed N] [--save DIR]

Trains the course CNN (Adam, categorical cross-entropy) on MNIST and prints, per epoch, the
loss, accuracy, test accuracy, seconds (test pass included) and tensor count, then the test accuracy. Defaults: 3 epochs on all
60,000 training digits, tested on all 10,000, batch 128, lr 0.001, seed 1.`;

const OPTIONS = {
  epochs: { type: "string" }, "train-size": { type: "string" }, "test-size": { type: "string" },
  "batch-size": { type: "string" }, lr: { type: "string" }, seed: { type: "string" }, save: { type: "string" },
} as const;

const integer = (name: string, text: string | undefined, fallback: number) => positiveOption(name, text, fallback, { integer: true });

export async function main(argv: string[]): Promise<number> {
  return runCommand({ name: "train", usage: USAGE, options: OPTIONS }, argv, runTraining);
}

async function runTraining({ values }: Parsed<typeof OPTIONS>): Promise<number> {
  const numEpochs = integer("epochs", values.epochs, 3);
  const trainSize = integer("train-size", values["train-size"], 60_000);
  const testSize = integer("test-size", values["test-size"], 10_000);
  const batchSize = integer("batch-size", values["batch-size"], 128);
  const seed = integer("seed", values.seed, 1);
  const lr = positiveOption("lr", values.lr, 0.001);
  // TensorFlow.js loads only to train, not to print the usage or refuse an option.
  const { ensureBackend, shutdownBackend } = await import("../lib/backend/index.js");
  const { createCourseCnn, evaluateModel, loadMnist, saveModel, takeSubset, toTensors, trainModel } = await import("../lib/index.js");

  const backend = await ensureBackend();
  const train = toTensors(takeSubset(await loadMnist("train"), { size: trainSize, seed }));
  const test = toTensors(takeSubset(await loadMnist("test"), { size: testSize, seed }));
  const model = createCourseCnn({ seed });
  console.log(`course CNN, ${model.countParams().toLocaleString("en-US")} parameters; ${trainSize} training digits, ${testSize} test digits, ${numEpochs} epochs, batch ${batchSize}, lr ${lr}, backend ${backend}`);
  const history = await trainModel(model, train, {
    numEpochs, batchSize, lr, validationData: test,
    onEpochEnd: (e) => console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, acc ${e.acc.toFixed(4)}, test acc ${e.valAcc?.toFixed(4)}, ${e.seconds.toFixed(1)} s, ${Math.round(trainSize / e.seconds)} samples/s, ${e.numTensors} tensors`),
  });
  const evaluation = await evaluateModel(model, test);
  console.log(`test accuracy ${(100 * evaluation.accuracy).toFixed(2)}% (${evaluation.misclassified.length} of ${testSize} wrong) after ${history.seconds.toFixed(1)} s of training`);
  if (values.save !== undefined) {
    await saveModel(model, values.save);
    console.log(`saved to ${values.save}`);
  }
  await shutdownBackend();
  return 0;
}
