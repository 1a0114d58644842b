"""tsdl's widgets end to end: jupyter_client plays an ipywidgets 8 frontend (protocol 2.1). A
widget's comm_open state is checked against @jupyter-widgets/schema's defaults (when installed:
node_modules/@jupyter-widgets/schema or TSDL_WIDGET_SCHEMA); updates from the "frontend" reach
observers and interact, whose output lands under the frontend's message and in the Output
widget; request_states, Button clicks, comm_close both ways, 1,000 rapid updates in order."""
import json
import os
import uuid

from kernel_case import KernelCase

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCHEMA = next((p for p in [os.environ.get("TSDL_WIDGET_SCHEMA"),
                           os.path.join(ROOT, "node_modules", "@jupyter-widgets", "schema", "jupyterwidgetmodels.latest.json")]
               if p and os.path.exists(p)), None)
VIEW = "application/vnd.jupyter.widget-view+json"


def schema_defaults(model_name):
    with open(SCHEMA) as f:
        models = json.load(f)
    model = next(m for m in models if m["model"]["name"] == model_name)
    return {a["name"]: a["default"] for a in model["attributes"]}


class Widgets(KernelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.imported = False

    def setUp(self):
        if not Widgets.imported:
            reply, _ = self.run_cell('import { IntSlider, FloatSlider, Output, Button, Text, interact } from "tsdl";')
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            Widgets.imported = True

    def ok_cell(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return outputs

    def opens(self, outputs):
        return {m["content"]["comm_id"]: m for m in outputs if m["msg_type"] == "comm_open"}

    def comm_msgs(self, outputs, comm_id=None):
        return [m["content"]["data"] for m in outputs
                if m["msg_type"] == "comm_msg" and (comm_id is None or m["content"]["comm_id"] == comm_id)]

    def test_a_slider_opens_with_the_schema_state_and_displays_as_a_widget_view(self):
        outputs = self.ok_cell('const k = new IntSlider({ value: 3, min: 0, max: 10, description: "k" });\nk')
        opens = self.opens(outputs)
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, outputs)
        view = results[0]["content"]["data"][VIEW]
        self.assertEqual((view["version_major"], view["version_minor"]), (2, 0))
        slider = opens[view["model_id"]]
        self.assertEqual(slider["content"]["target_name"], "jupyter.widget")
        self.assertEqual(slider["metadata"], {"version": "2.1.0"})
        state = slider["content"]["data"]["state"]
        self.assertEqual(slider["content"]["data"]["buffer_paths"], [])
        self.assertEqual((state["value"], state["max"], state["description"]), (3, 10, "k"))
        order = list(opens)
        for ref in ("layout", "style"):
            child_id = state[ref][len("IPY_MODEL_"):]
            self.assertIn(child_id, opens, f"{ref} was not opened")
            self.assertLess(order.index(child_id), order.index(view["model_id"]), f"{ref} opened after the slider")
        self.assertEqual(opens[state["style"][len("IPY_MODEL_"):]]["content"]["data"]["state"]["_model_name"], "SliderStyleModel")
        self.assertIn(view["model_id"], self.comm_info("jupyter.widget"))
        if SCHEMA is None:
            self.skipTest("@jupyter-widgets/schema is not installed (npm install @jupyter-widgets/schema, or TSDL_WIDGET_SCHEMA=path)")
        expected = schema_defaults("IntSliderModel")
        self.assertEqual(sorted(state), sorted(expected))
        for name, default in expected.items():
            if default == "reference to new instance" or name in ("value", "max", "description"):
                continue
            self.assertEqual(state[name], default, name)

    def test_a_frontend_update_is_echoed_and_runs_observers_under_its_message_and_in_an_output(self):
        outputs = self.ok_cell(
            "const s = new IntSlider({ max: 10 });\n"
            "const out = new Output();\n"
            's.observe((c) => console.log("plain", c.new), "value");\n'
            's.observe((c) => out.capture(() => console.log("k is", c.new)), "value");\n'
            "[s.modelId, out.modelId]")
        slider_id, out_id = json.loads(self.result_text("JSON.stringify([s.modelId, out.modelId])").strip("'"))
        sent = self.frontend("comm_msg", {"comm_id": slider_id, "data": {"method": "update", "state": {"value": 7}, "buffer_paths": []}})
        outputs = self.iopub_of(sent)
        self.assertEqual(self.comm_msgs(outputs, slider_id), [{"method": "echo_update", "state": {"value": 7}, "buffer_paths": []}])
        self.assertEqual(self.stdout(outputs), "plain 7\n")  # under the frontend's comm_msg
        updates = self.comm_msgs(outputs, out_id)
        self.assertEqual(updates[-1]["state"]["outputs"], [{"output_type": "stream", "name": "stdout", "text": "k is 7\n"}])
        self.assertEqual(self.result_text("s.value"), "7")
        # a value the kernel clamps is sent back as an update
        outputs = self.iopub_of(self.frontend("comm_msg", {"comm_id": slider_id, "data": {"method": "update", "state": {"value": 99}}}))
        self.assertIn({"method": "update", "state": {"value": 10}, "buffer_paths": []}, self.comm_msgs(outputs, slider_id))

    def test_interact_reruns_and_replaces_its_output(self):
        self.ok_cell(
            'const lr = new FloatSlider({ value: 0.1, min: 0, max: 1, step: 0.05, description: "η" });\n'
            "const ui = interact(({ lr }) => { console.log(`η = ${lr}`); }, { lr });")
        lr_id, out_id = json.loads(self.result_text("JSON.stringify([lr.modelId, ui.output.modelId])").strip("'"))
        self.assertEqual(self.result_text('ui.output.outputs.map((o) => o.output_type === "stream" ? o.text.trim() : "?").join("|")'), "'η = 0.1'")
        outputs = self.iopub_of(self.frontend("comm_msg", {"comm_id": lr_id, "data": {"method": "update", "state": {"value": 0.5}}}))
        last = self.comm_msgs(outputs, out_id)[-1]
        self.assertEqual(last["state"]["outputs"], [{"output_type": "stream", "name": "stdout", "text": "η = 0.5\n"}])

    def test_request_states_on_the_control_comm(self):
        self.ok_cell('const t = new Text({ value: "state me" });')
        text_id = self.result_text("t.modelId").strip("'")
        control = uuid.uuid4().hex
        self.iopub_of(self.frontend("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}))
        self.assertIn(control, self.comm_info("jupyter.widget.control"))
        outputs = self.iopub_of(self.frontend("comm_msg", {"comm_id": control, "data": {"method": "request_states"}}))
        (reply,) = self.comm_msgs(outputs, control)
        self.assertEqual(reply["method"], "update_states")
        entry = reply["states"][text_id]
        self.assertEqual((entry["model_name"], entry["model_module"], entry["model_module_version"]), ("TextModel", "@jupyter-widgets/controls", "2.0.0"))
        self.assertEqual(entry["state"]["value"], "state me")
        self.assertEqual(reply["buffer_paths"], [])
        outputs = self.iopub_of(self.frontend("comm_msg", {"comm_id": text_id, "data": {"method": "request_state"}}))
        self.assertEqual(self.comm_msgs(outputs, text_id)[0]["state"]["value"], "state me")

    def test_a_button_click_runs_on_click(self):
        self.ok_cell('const go = new Button({ description: "go" });\nlet clicks = 0;\ngo.onClick(() => { clicks += 1; console.log("clicked", clicks); });')
        button_id = self.result_text("go.modelId").strip("'")
        outputs = self.iopub_of(self.frontend("comm_msg", {"comm_id": button_id, "data": {"method": "custom", "content": {"event": "click"}}}))
        self.assertEqual(self.stdout(outputs), "clicked 1\n")
        self.assertEqual(self.result_text("clicks"), "1")

    def test_comm_close_from_either_side(self):
        self.ok_cell("const a = new IntSlider();\nconst b = new IntSlider();")
        a_id, b_id = json.loads(self.result_text("JSON.stringify([a.modelId, b.modelId])").strip("'"))
        self.iopub_of(self.frontend("comm_close", {"comm_id": a_id, "data": {}}))
        self.assertNotIn(a_id, self.comm_info())
        self.assertEqual(self.result_text("a.connected"), "false")
        outputs = self.ok_cell("b.close();")
        self.assertEqual([m["content"]["comm_id"] for m in outputs if m["msg_type"] == "comm_close"], [b_id])
        self.assertNotIn(b_id, self.comm_info())

    def test_1000_rapid_updates_arrive_all_and_in_order(self):
        self.ok_cell("const fast = new IntSlider({ max: 1000 });\nconst seen: number[] = [];\nfast.observe((c) => void seen.push(c.new as number), \"value\");")
        fast_id = self.result_text("fast.modelId").strip("'")
        ids = [self.frontend("comm_msg", {"comm_id": fast_id, "data": {"method": "update", "state": {"value": v}}}) for v in range(1, 1001)]
        self.iopub_of(ids[-1])
        self.assertEqual(self.result_text("seen.length === 1000 && seen.every((v, i) => v === i + 1)"), "true")

    def test_a_bad_widget_message_is_reported_and_the_kernel_lives(self):
        self.ok_cell("const w = new IntSlider();")
        w_id = self.result_text("w.modelId").strip("'")
        outputs = self.iopub_of(self.frontend("comm_msg", {"comm_id": w_id, "data": {"method": "update", "state": {"value": "seven"}}}))
        stderr = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("IntSlider: value must be an integer, got 'seven'", stderr)
        self.assertEqual(self.result_text("w.value"), "0")

    def test_output_capture_takes_display_updates_and_prints_away_from_the_cell(self):
        outputs = self.ok_cell(
            "const o2 = new Output();\n"
            'o2.capture(() => {\n'
            '  display(html("<b>first</b>"), { displayId: "fig" });\n'
            '  display(html("<i>second</i>"), { displayId: "fig", update: true });\n'
            '  console.log("after");\n'
            '});\n'
            'console.log("in the cell");')
        self.assertEqual([m["msg_type"] for m in outputs if m["msg_type"] in ("display_data", "update_display_data")], [])
        self.assertEqual(self.stdout(outputs), "in the cell\n")
        o2_id = self.result_text("o2.modelId").strip("'")
        updates = [m["content"]["data"] for m in outputs if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == o2_id]
        self.assertEqual(updates[-1]["state"]["outputs"], [
            {"output_type": "display_data", "data": {"text/html": "<i>second</i>", "text/plain": "<i>second</i>"}, "metadata": {}},
            {"output_type": "stream", "name": "stdout", "text": "after\n"},
        ])
