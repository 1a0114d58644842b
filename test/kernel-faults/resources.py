"""Resources: one kernel session trains the course CNN RUNS times on a small MNIST subset, as
the lesson does (trainModel with the kernel's `display`), disposing the previous model and its
optimizer first.
After each run: tf.memory().numTensors (asked in a cell) and the kernel's RSS (from /proc).
Usage: resources.py RUNS SAMPLES EPOCHS
"""
import json
import sys
import time

from harness import Session, emit, rss_kb

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
SAMPLES = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
EPOCHS = int(sys.argv[3]) if len(sys.argv) > 3 else 1


def value(r):
    vals = [c["data"].get("text/plain") for t, c in r["outputs"] if t == "execute_result"]
    return json.loads(vals[0].strip("'")) if vals else None


def main():
    s = Session()
    setup = s.execute(
        'import * as tf from "@tensorflow/tfjs";\n'
        'import { ensureBackend, loadMnist, takeSubset, toTensors, createCourseCnn, trainModel } from "tsdl";\n'
        "const backend = await ensureBackend();\n"
        f"const trainSet = takeSubset(await loadMnist(\"train\"), {{ size: {SAMPLES}, seed: 1 }});\n"
        "const { X: XTrain, y: yTrain } = toTensors(trainSet);\n"
        "let model: tf.LayersModel | undefined;\n"
        "JSON.stringify({ backend, numTensors: tf.memory().numTensors })", timeout=180)
    assert setup["reply"] and setup["reply"]["status"] == "ok", setup
    base = value(setup)
    runs = []
    for run in range(1, RUNS + 1):
        t0 = time.monotonic()
        r = s.execute(
            "model?.optimizer?.dispose(); // compileCourseModel's tf.train.adam is not owned by the model\n"
            "model?.dispose();\n"
            f"model = createCourseCnn({{ seed: {run} }});\n"
            f"const history = await trainModel(model, {{ X: XTrain, y: yTrain }}, {{ numEpochs: {EPOCHS}, batchSize: 128, display }});\n"
            "JSON.stringify({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes,"
            " loss: history.epochs.at(-1)!.loss, acc: history.epochs.at(-1)!.acc })", timeout=600)
        v = value(r)
        runs.append({"run": run, "status": r["reply"] and r["reply"]["status"], "seconds": round(time.monotonic() - t0, 2),
                     "rss_kb": rss_kb(s.pid), "outputs": len(r["outputs"]), **(v or {})})
    result = {"samples": SAMPLES, "epochs_per_run": EPOCHS, "backend": base and base["backend"],
              "tensors_before": base and base["numTensors"], "runs": runs,
              "rss_peak_kb": rss_kb(s.pid, "VmHWM")}
    s.close()
    emit(result)


if __name__ == "__main__":
    main()
