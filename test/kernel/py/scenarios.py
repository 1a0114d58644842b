"""End-to-end scenarios for the tsdl kernel through a real jupyter_client."""
import json
import os
import time
import unittest

import zmq
from jupyter_client.session import Session

from kernel_case import TIMEOUT, KernelCase


class Interrupt(KernelCase):
    def check_interrupt(self, code, interrupt):
        self.run_cell("let kept = 41;")
        msg_id = self.run_cell(code, wait=False)
        time.sleep(1.5)
        interrupt()
        reply, outputs = self.collect(msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertEqual(self.result_text("kept + 1"), "42")

    def test_sigint_stops_a_synchronous_loop(self):
        self.check_interrupt("while (true) {}", self.km.interrupt_kernel)

    def test_interrupt_request_stops_a_synchronous_loop(self):
        self.check_interrupt("let spins = 0; while (true) { spins++; }", self.interrupt_by_request)

    def test_sigint_stops_a_pending_await(self):
        self.check_interrupt("await new Promise(() => {});", self.km.interrupt_kernel)

    def test_interrupt_request_stops_a_pending_await(self):
        self.check_interrupt("await new Promise(() => {});", self.interrupt_by_request)

    def test_heartbeat_and_control_answer_while_busy(self):
        msg_id = self.run_cell("while (true) {}", wait=False)
        time.sleep(1.0)
        info = self.km.get_connection_info()
        hb = zmq.Context.instance().socket(zmq.REQ)
        hb.linger = 0
        hb.connect("%s://%s:%d" % (info["transport"], info["ip"], info["hb_port"]))
        hb.send(b"ping while busy")
        self.assertTrue(hb.poll(2000), "no heartbeat echo within 2 s while a cell spins")
        self.assertEqual(hb.recv(), b"ping while busy")
        hb.close()
        self.interrupt_by_request()  # answered on control while shell is stuck
        reply, _ = self.collect(msg_id)
        self.assertEqual(reply["content"]["ename"], "Interrupted")


class Stdin(KernelCase):
    def test_prompt_reads_a_line(self):
        msg_id = self.run_cell('const name = prompt("name? "); `hi ${name}`', allow_stdin=True, wait=False)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["content"]["prompt"], "name? ")
        self.kc.input("Ada")
        reply, outputs = self.collect(msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["'hi Ada'"])

    def test_prompt_without_stdin_is_a_clear_error(self):
        reply, outputs = self.run_cell('prompt("name? ")', allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "StdinNotAllowed")
        self.assertIn("allow_stdin", reply["content"]["evalue"])

    def test_interrupt_while_waiting_for_input(self):
        msg_id = self.run_cell('prompt("never answered")', allow_stdin=True, wait=False)
        self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        reply, _ = self.collect(msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")


class Signatures(KernelCase):
    def send_raw(self, key, code, signature=None):
        info = self.km.get_connection_info()
        session = Session(key=key, signature_scheme="hmac-sha256")
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
        msg = session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        frames = session.serialize(msg)
        if signature is not None:
            frames[1] = signature
        sock.send_multipart(frames)
        time.sleep(0.5)
        sock.close()

    def test_bad_or_missing_signature_is_not_executed(self):
        marker = os.path.join(self.folder.name, "executed")
        code = 'require("node:fs").writeFileSync(%s, "x")' % json.dumps(marker)
        self.send_raw(b"not-the-key", code)
        self.send_raw(self.km.session.key, code, signature=b"")
        self.send_raw(self.km.session.key, code, signature=b"0" * 64)
        self.assertEqual(self.result_text('require("node:fs").existsSync(%s)' % json.dumps(marker)), "false")
        self.assertFalse(os.path.exists(marker))
        # and the same message, signed right, does run
        self.send_raw(self.km.session.key, code)
        time.sleep(1.0)
        self.assertTrue(os.path.exists(marker))


class Output(KernelCase):
    def test_100000_lines_arrive_whole_in_order_before_idle(self):
        reply, outputs = self.run_cell("for (let i = 0; i < 100000; i++) console.log(i);")
        self.assertEqual(reply["content"]["status"], "ok")
        lines = self.stdout(outputs).split("\n")
        self.assertEqual(lines[-1], "")
        self.assertEqual(lines[:-1], [str(i) for i in range(100000)])

    def test_stdout_and_stderr_writes_keep_their_order(self):
        reply, outputs = self.run_cell('process.stdout.write("a"); console.error("b"); process.stdout.write(Buffer.from("c\\n"));')
        streams = [(m["content"]["name"], m["content"]["text"]) for m in outputs if m["msg_type"] == "stream"]
        self.assertEqual(streams, [("stdout", "a"), ("stderr", "b\n"), ("stdout", "c\n")])

    def test_printed_text_comes_before_the_result(self):
        reply, outputs = self.run_cell('console.log("before"); 5')
        kinds = [m["msg_type"] for m in outputs if m["msg_type"] in ("stream", "execute_result")]
        self.assertEqual(kinds, ["stream", "execute_result"])

    def test_timer_output_goes_to_the_cell_that_started_it(self):
        first = self.run_cell('setTimeout(() => console.log("late"), 300); "started"', wait=False)
        second = self.run_cell("await new Promise((r) => setTimeout(r, 900)); 1", wait=False)
        late = None
        deadline = time.time() + TIMEOUT
        seen_second_idle = False
        while not seen_second_idle and time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "stream" and "late" in msg["content"]["text"]:
                late = msg
            if msg["parent_header"].get("msg_id") == second and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                seen_second_idle = True
        self.assertIsNotNone(late)
        self.assertEqual(late["parent_header"]["msg_id"], first)

    def test_display_update_in_place(self):
        reply, outputs = self.run_cell('display(html("one"), { displayId: "p" }); display(html("two"), { displayId: "p", update: true });')
        kinds = [(m["msg_type"], m["content"].get("transient", {}).get("display_id")) for m in outputs if m["msg_type"] not in ("status", "execute_input")]
        self.assertEqual(kinds, [("display_data", "p"), ("update_display_data", "p")])

    def test_stop_on_error_aborts_queued_cells(self):
        failing = self.run_cell('throw new Error("first")', wait=False)
        queued = [self.run_cell("1", wait=False) for _ in range(2)]
        self.assertEqual(self.collect(failing)[0]["content"]["status"], "error")
        for msg_id in queued:
            self.assertEqual(self.collect(msg_id)[0]["content"]["status"], "aborted")
        self.assertEqual(self.result_text("2"), "2")

    def test_type_errors_stop_the_cell_and_name_the_line(self):
        reply, outputs = self.run_cell('console.log("ran");\nconst n: number = "text";')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "TypeScriptError")
        self.assertIn("line 2", reply["content"]["evalue"])
        self.assertEqual(self.stdout(outputs), "")

    def test_declarations_are_redeclarable_across_cells(self):
        self.run_cell("let v = 1; const c = 2; function f() { return 1; } type T = number;")
        self.run_cell('let v = "one"; const c = "two"; function f() { return 2; } type T = string;')
        self.assertEqual(self.result_text("const t: T = v + c; [t, f()]"), "[ 'onetwo', 2 ]")


class Modules(KernelCase):
    """A notebook folder with nothing installed but one ESM-only package."""

    @classmethod
    def prepare(cls, folder):
        pkg = os.path.join(folder, "node_modules", "esm-only")
        os.makedirs(pkg)
        with open(os.path.join(pkg, "package.json"), "w") as f:
            json.dump({"name": "esm-only", "type": "module", "exports": {"import": "./index.js", "types": "./index.d.ts"}, "types": "./index.d.ts"}, f)
        with open(os.path.join(pkg, "index.js"), "w") as f:
            f.write('await Promise.resolve();\nexport const hello = "esm-only works";\nexport default 42;\n')
        with open(os.path.join(pkg, "index.d.ts"), "w") as f:
            f.write("export declare const hello: string;\ndeclare const answer: number;\nexport default answer;\n")

    def test_esm_only_package_imports(self):
        self.assertEqual(self.result_text('import answer, { hello } from "esm-only";\n[answer, hello]'), "[ 42, 'esm-only works' ]")

    def test_tsdl_imports_from_any_folder_with_types(self):
        self.assertEqual(self.result_text('import { isDisplayable } from "tsdl";\nconst b: boolean = isDisplayable(1);\nb'), "false")
        reply, _ = self.run_cell('import { isDisplayable as d } from "tsdl";\nconst wrong: number = d(1);')
        self.assertEqual(reply["content"]["ename"], "TypeScriptError")
        self.assertIn("boolean", reply["content"]["evalue"])

    def test_tfjs_is_the_instance_tsdl_uses(self):
        self.assertEqual(self.result_text('import * as tf from "@tensorflow/tfjs";\nimport { tf as libTf } from "tsdl";\ntf.Tensor === libTf.Tensor && tf.engine() === libTf.engine()'), "true")

    def test_completion_and_inspect_see_tsdl(self):
        self.run_cell('import * as tsdl from "tsdl";')
        code = "tsdl.isDispl"
        self.kc.complete(code, len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertIn("isDisplayable", reply["content"]["matches"])
        self.assertEqual(reply["content"]["cursor_start"], len("tsdl."))
        code = "tsdl.isDisplayable"
        self.kc.inspect(code, len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("display convention", reply["content"]["data"]["text/plain"])

    def test_completion_counts_code_points(self):
        code = 'const s = "😀"; s.toUpperC'
        self.kc.complete(code, len(code))  # Python counts code points, as the protocol does
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertIn("toUpperCase", reply["content"]["matches"])
        self.assertEqual(reply["content"]["cursor_start"], len('const s = "😀"; s.'))
        self.assertEqual(reply["content"]["cursor_end"], len(code))


if __name__ == "__main__":
    unittest.main()
