"""Comms both ways (messaging spec, "Custom messages"), driven through a real jupyter_client acting
as the frontend: comm_open, comm_msg (with binary buffers) and comm_close from either side,
comm_info filtered by target_name, an unknown target answered with comm_close on iopub, the
handlers' output under the frontend message that caused it, and comm messages on a subshell
answered while the main shell awaits."""
import time
import uuid

from kernel_case import TIMEOUT, KernelCase

HOOK = 'const comms = (globalThis as any)[Symbol.for("Jupyter.comms")];'


class Comms(KernelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stash = {}

    def setUp(self):
        reply, _ = self.run_cell(HOOK if not getattr(Comms, "hooked", False) else "0")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        Comms.hooked = True

    def of_type(self, outputs, msg_type):
        return [m for m in outputs if m["msg_type"] == msg_type]

    def test_kernel_opens_a_comm_with_buffers_and_receives_messages_with_buffers(self):
        target = "tsdl.test.k" + uuid.uuid4().hex[:6]
        reply, outputs = self.run_cell(
            f'const k = comms.open("{target}", {{ hello: 1 }}, {{ metadata: {{ version: "x" }}, buffers: [new Uint8Array([1, 2, 3])] }});\n'
            'k.onMsg((m: any) => {\n'
            '  console.log("got", JSON.stringify(m.data), m.buffers.map((b: Uint8Array) => Array.from(b).join(",")).join("|"));\n'
            '  k.send({ echo: m.data }, { buffers: m.buffers.map((b: Uint8Array) => b.map((x) => x * 2)) });\n'
            '});\n'
            'k.commId')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        opens = self.of_type(outputs, "comm_open")
        self.assertEqual(len(opens), 1, outputs)
        comm_id = opens[0]["content"]["comm_id"]
        self.assertEqual(opens[0]["content"]["target_name"], target)
        self.assertEqual(opens[0]["content"]["data"], {"hello": 1})
        self.assertEqual(opens[0]["metadata"], {"version": "x"})
        self.assertEqual([bytes(b) for b in opens[0]["buffers"]], [b"\x01\x02\x03"])
        self.assertEqual(self.comm_info(target), {comm_id: {"target_name": target}})
        self.assertIn(comm_id, self.comm_info())
        self.assertEqual(self.comm_info("no.such.target"), {})

        sent = self.frontend("comm_msg", {"comm_id": comm_id, "data": {"x": [1, "two"]}}, buffers=[b"\x05\x06", b"\x07"])
        outputs = self.iopub_of(sent)
        self.assertEqual(self.stdout(outputs), 'got {"x":[1,"two"]} 5,6|7\n')  # printed under the frontend's message
        echoes = self.of_type(outputs, "comm_msg")
        self.assertEqual(len(echoes), 1, outputs)
        self.assertEqual(echoes[0]["content"], {"comm_id": comm_id, "data": {"echo": {"x": [1, "two"]}}})
        self.assertEqual([bytes(b) for b in echoes[0]["buffers"]], [b"\x0a\x0c", b"\x0e"])

        reply, outputs = self.run_cell("k.close({ bye: true });\nk.closed")
        closes = self.of_type(outputs, "comm_close")
        self.assertEqual([c["content"] for c in closes], [{"comm_id": comm_id, "data": {"bye": True}}])
        self.assertNotIn(comm_id, self.comm_info())
        self.assertEqual(self.result_text("k.closed"), "true")
        self.assertIn("is closed", self.error_of('k.send({ late: 1 })')["evalue"])

    def test_frontend_opens_messages_and_closes_a_comm_to_a_registered_target(self):
        target = "tsdl.test.f" + uuid.uuid4().hex[:6]
        reply, _ = self.run_cell(
            f'comms.registerTarget("{target}", (comm: any, open: any) => {{\n'
            '  console.log("opened", comm.commId, JSON.stringify(open.data), open.buffers.length);\n'
            '  comm.onMsg((m: any) => comm.send({ n: m.data.n + 1 }));\n'
            '  comm.onClose((m: any) => console.log("closed", JSON.stringify(m.data)));\n'
            '});')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        comm_id = uuid.uuid4().hex
        opened = self.frontend("comm_open", {"comm_id": comm_id, "target_name": target, "data": {"a": 1}}, buffers=[b"xy"])
        self.assertEqual(self.stdout(self.iopub_of(opened)), f'opened {comm_id} {{"a":1}} 1\n')
        self.assertEqual(self.comm_info(target), {comm_id: {"target_name": target}})
        sent = self.frontend("comm_msg", {"comm_id": comm_id, "data": {"n": 41}})
        replies = self.of_type(self.iopub_of(sent), "comm_msg")
        self.assertEqual([m["content"]["data"] for m in replies], [{"n": 42}])
        closed = self.frontend("comm_close", {"comm_id": comm_id, "data": {"why": "done"}})
        self.assertEqual(self.stdout(self.iopub_of(closed)), 'closed {"why":"done"}\n')
        self.assertEqual(self.comm_info(target), {})

    def test_an_unknown_target_gets_comm_close_on_iopub(self):
        comm_id = uuid.uuid4().hex
        opened = self.frontend("comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
        closes = self.of_type(self.iopub_of(opened), "comm_close")
        self.assertEqual([c["content"]["comm_id"] for c in closes], [comm_id])
        self.assertEqual(self.comm_info(), {k: v for k, v in self.comm_info().items() if k != comm_id})

    def test_bad_comm_messages_leave_the_kernel_alive(self):
        self.iopub_of(self.frontend("comm_msg", {"comm_id": "not-open", "data": {}}))
        self.iopub_of(self.frontend("comm_close", {"comm_id": "not-open", "data": {}}))
        self.iopub_of(self.frontend("comm_open", {"target_name": "x"}))
        target = "tsdl.test.t" + uuid.uuid4().hex[:6]
        self.run_cell(f'comms.registerTarget("{target}", (comm: any) => comm.onMsg(() => {{ throw new RangeError("handler broke"); }}));')
        comm_id = uuid.uuid4().hex
        self.iopub_of(self.frontend("comm_open", {"comm_id": comm_id, "target_name": target, "data": {}}))
        outputs = self.iopub_of(self.frontend("comm_msg", {"comm_id": comm_id, "data": {}}))
        stderr = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("RangeError: handler broke", stderr)
        self.assertEqual(self.result_text("1 + 1"), "2")

    def test_a_comm_message_on_a_subshell_is_handled_while_the_main_shell_awaits(self):
        created = self.kc.session.msg("create_subshell_request", {})
        self.kc.control_channel.send(created)
        sub = self.kc.get_control_msg(timeout=TIMEOUT)["content"]["subshell_id"]
        target = "tsdl.test.s" + uuid.uuid4().hex[:6]
        self.run_cell(f'comms.registerTarget("{target}", (comm: any) => comm.onMsg((m: any) => console.log("on sub", m.data.v)));')
        comm_id = uuid.uuid4().hex
        self.iopub_of(self.frontend("comm_open", {"comm_id": comm_id, "target_name": target, "data": {}}))
        started = time.time()
        main = self.run_cell("await new Promise((r) => setTimeout(r, 4000));", wait=False)
        time.sleep(0.3)
        sent = self.frontend("comm_msg", {"comm_id": comm_id, "data": {"v": 7}}, subshell_id=sub)
        self.assertEqual(self.stdout(self.iopub_of(sent)), "on sub 7\n")
        self.assertLess(time.time() - started, 3.5, "the comm message waited for the main shell")
        self.collect(main)
        deleted = self.kc.session.msg("delete_subshell_request", {"subshell_id": sub})
        self.kc.control_channel.send(deleted)
        self.kc.get_control_msg(timeout=TIMEOUT)
