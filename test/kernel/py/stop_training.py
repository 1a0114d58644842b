"""A Stop button for training, end to end: jupyter_client plays the frontend and clicks a tsdl
Button while a cell awaits `trainModel(..., { signal })`. The click is sent on the main shell
(what Notebook 7, classic Notebook and VS Code do) and on a subshell (JupyterLab 4). Training
stops after the batch in progress, the model keeps its trained weights (a later cell evaluates
it), and the kernel lives on."""
import json
import time

from kernel_case import TIMEOUT, KernelCase

SETUP = '''import * as tf from "@tensorflow/tfjs";
import { Button, createCourseCnn, trainModel, evaluateModel, ensureBackend } from "tsdl";
await ensureBackend();'''

EPOCHS, BATCH, COUNT = 40, 32, 512
PLANNED = EPOCHS * (COUNT // BATCH)


def setup_cell(t):
    return f'''let done_{t} = false;
let clickedAt_{t} = 0;
let clickedWhileTraining_{t} = false;
const stop_{t} = new AbortController();
const button_{t} = new Button({{ description: "Stop training", icon: "stop" }});
button_{t}.onClick(() => {{ clickedAt_{t} = performance.now(); clickedWhileTraining_{t} = !done_{t}; stop_{t}.abort(); }});
const model_{t} = createCourseCnn({{ seed: 7 }});
const data_{t} = {{
  X: tf.randomUniform([{COUNT}, 28, 28, 1], 0, 1, "float32", 3) as tf.Tensor4D,
  y: tf.oneHot(tf.randomUniform([{COUNT}], 0, 10, "int32", 4) as tf.Tensor1D, 10) as tf.Tensor2D,
}};
const before_{t} = Array.from(model_{t}.getWeights()[0]!.dataSync());
button_{t}.modelId'''


def train_cell(t):
    return f'''const history_{t} = await trainModel(model_{t}, data_{t}, {{ numEpochs: {EPOCHS}, batchSize: {BATCH}, signal: stop_{t}.signal, display }});
const endedAt_{t} = performance.now();
done_{t} = true;'''


class StopTraining(KernelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ready = False

    def setUp(self):
        if not StopTraining.ready:
            reply, _ = self.run_cell(SETUP)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            StopTraining.ready = True

    def gather(self, ids, timeout=TIMEOUT * 5):
        """iopub of several requests at once, until each is idle; returns (outputs by id, the ids in the order they went idle)."""
        outputs = {i: [] for i in ids}
        idle = []
        deadline = time.time() + timeout
        while len(idle) < len(ids):
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            parent = msg["parent_header"].get("msg_id")
            if parent not in outputs or parent in idle:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle.append(parent)
            else:
                outputs[parent].append(msg)
        return outputs, idle

    def wait_for_training(self, train_id):
        """The training cell's messages up to its first progress-bar update (a batch has run)."""
        seen = []
        deadline = time.time() + TIMEOUT
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != train_id:
                continue
            seen.append(msg)
            self.assertNotEqual(msg["msg_type"], "error", msg["content"])
            if msg["msg_type"] == "update_display_data":
                return seen

    def stop_while_training(self, t, subshell_id=None):
        button_id = self.result_text(setup_cell(t)).strip("'")
        train_id = self.run_cell(train_cell(t), wait=False)
        self.wait_for_training(train_id)
        time.sleep(1.0)  # the cell awaits model.fit, batch after batch
        click = self.frontend("comm_msg", {"comm_id": button_id, "data": {"method": "custom", "content": {"event": "click"}}}, subshell_id=subshell_id)
        outputs, idle = self.gather([click, train_id])
        self.assertEqual(idle, [click, train_id], "the click was handled only after the training cell ended")
        self.assertEqual([m for m in outputs[click] if m["msg_type"] in ("error", "stream")], [])
        reply = self.shell_reply(train_id)
        self.assertEqual(reply["status"], "ok", reply)
        facts = json.loads(self.result_text(
            f'JSON.stringify({{ stopped: history_{t}.stopped, batches: history_{t}.batches, losses: history_{t}.curves.batchLoss.length, '
            f'whileTraining: clickedWhileTraining_{t}, latencyMs: endedAt_{t} - clickedAt_{t}, batchMs: 1000 * history_{t}.seconds / history_{t}.batches }})').strip("'"))
        self.assertTrue(facts["whileTraining"], facts)
        self.assertTrue(facts["stopped"], facts)
        self.assertTrue(0 < facts["batches"] < PLANNED, facts)
        self.assertEqual(facts["losses"], facts["batches"], facts)
        # it ends after the batch in progress: within a couple of batches' time of the click
        self.assertLess(facts["latencyMs"], 3 * facts["batchMs"] + 1000, facts)
        # the model kept what it learnt, and a later cell can use it
        changed = self.result_text(f"Array.from(model_{t}.getWeights()[0]!.dataSync()).some((v, i) => v !== before_{t}[i])")
        self.assertEqual(changed, "true")
        accuracy = float(self.result_text(f"(await evaluateModel(model_{t}, data_{t})).accuracy"))
        self.assertTrue(0 <= accuracy <= 1, accuracy)
        self.assertEqual(self.result_text("1 + 1"), "2")

    def test_a_click_on_the_main_shell_stops_training_after_the_current_batch(self):
        self.stop_while_training("main")

    def test_a_click_on_a_subshell_stops_training_after_the_current_batch(self):
        created = self.kc.session.msg("create_subshell_request", {})
        self.kc.control_channel.send(created)
        sub = self.kc.get_control_msg(timeout=TIMEOUT)["content"]["subshell_id"]
        self.stop_while_training("sub", subshell_id=sub)

    def test_an_aborted_signal_trains_nothing_and_a_bad_signal_is_named(self):
        self.result_text(setup_cell("pre"))
        facts = json.loads(self.result_text(
            'JSON.stringify(await trainModel(model_pre, data_pre, { numEpochs: 2, signal: AbortSignal.abort() }).then((h) => ({ stopped: h.stopped, batches: h.batches, epochs: h.epochs.length })))').strip("'"))
        self.assertEqual(facts, {"stopped": True, "batches": 0, "epochs": 0})
        error = self.error_of('await trainModel(model_pre, data_pre, { numEpochs: 1, signal: "stop" as any })')
        self.assertIn("trainModel: signal must be an AbortSignal, got stop", error["evalue"])
