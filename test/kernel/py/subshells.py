"""Kernel subshells (protocol 5.5, JEP 91/92): create, list and delete on control; a shell
request whose header names a subshell runs there, with that subshell's own execution count,
and is answered while the main shell awaits. Interrupt reaches every shell."""
import time
import unittest

from kernel_case import TIMEOUT, KernelCase


class Subshells(KernelCase):
    def setUp(self):
        self.stash = {}

    def send(self, channel, msg_type, content, subshell_id=None):
        msg = self.kc.session.msg(msg_type, content)
        if subshell_id is not None:
            msg["header"]["subshell_id"] = subshell_id
        getattr(self.kc, channel + "_channel").send(msg)
        return msg["header"]["msg_id"]

    def reply(self, channel, msg_id, timeout=TIMEOUT):
        """The reply to `msg_id`; replies to other requests that arrive first are kept for later."""
        get = self.kc.get_shell_msg if channel == "shell" else self.kc.get_control_msg
        deadline = time.time() + timeout
        while msg_id not in self.stash:
            msg = get(timeout=max(0.1, deadline - time.time()))
            self.stash[msg["parent_header"].get("msg_id")] = msg
        return self.stash.pop(msg_id)

    def control(self, msg_type, content=None):
        return self.reply("control", self.send("control", msg_type, content or {}))["content"]

    def execute(self, code, subshell_id=None):
        return self.send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                       "user_expressions": {}, "allow_stdin": False,
                                                       "stop_on_error": True}, subshell_id)

    def create(self):
        created = self.control("create_subshell_request")
        self.assertEqual(created["status"], "ok", created)
        self.addCleanup(lambda: self.control("delete_subshell_request", {"subshell_id": created["subshell_id"]}))
        return created["subshell_id"]

    def test_kernel_info_offers_subshells(self):
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertIn("kernel subshells", reply["content"]["supported_features"])

    def test_create_list_delete(self):
        before = self.control("list_subshell_request")["subshell_id"]
        created = self.control("create_subshell_request")
        self.assertIsInstance(created["subshell_id"], str)
        self.assertEqual(self.control("list_subshell_request"), {"status": "ok", "subshell_id": before + [created["subshell_id"]]})
        self.assertEqual(self.control("delete_subshell_request", {"subshell_id": created["subshell_id"]})["status"], "ok")
        self.assertEqual(self.control("list_subshell_request")["subshell_id"], before)
        gone = self.control("delete_subshell_request", {"subshell_id": created["subshell_id"]})
        self.assertEqual((gone["status"], gone["ename"]), ("error", "UnknownSubshellError"))

    def test_a_subshell_answers_while_the_main_shell_awaits_4_seconds(self):
        sub = self.create()
        self.assertEqual(self.result_text("const shared = 41;\nshared"), "41")
        started = time.time()
        main = self.execute('await new Promise((r) => setTimeout(r, 4000));\n"main done"')
        time.sleep(0.3)  # the main shell is now awaiting
        on_sub = self.execute("const fromSub = shared + 1;\nfromSub", sub)
        sub_reply = self.reply("shell", on_sub)
        answered = time.time() - started
        completion = self.reply("shell", self.send("shell", "complete_request", {"code": "fromS", "cursor_pos": 5}, sub))
        self.assertLess(time.time() - started, 3.5, "the subshell waited for the main shell")
        main_reply = self.reply("shell", main)
        self.assertGreater(time.time() - started, 3.9)
        self.assertLess(answered, 3.0)
        self.assertEqual(sub_reply["content"]["status"], "ok", sub_reply["content"])
        self.assertEqual(sub_reply["content"]["execution_count"], 1)  # the subshell's own count
        self.assertIn("fromSub", completion["content"]["matches"])
        self.assertEqual(main_reply["content"]["status"], "ok")
        self.assertGreater(main_reply["content"]["execution_count"], 1)
        # one namespace: the main shell sees what the subshell defined
        self.assertEqual(self.result_text("fromSub"), "42")

    def test_each_subshell_counts_its_own_executions(self):
        first, second = self.create(), self.create()
        counts = []
        for shell in (first, first, second, first):
            counts.append(self.reply("shell", self.execute("1", shell))["content"]["execution_count"])
        self.assertEqual(counts, [1, 2, 1, 3])

    def test_an_unknown_subshell_is_an_error_reply(self):
        reply = self.reply("shell", self.execute("1", "no-such-subshell"))["content"]
        self.assertEqual((reply["status"], reply["ename"]), ("error", "UnknownSubshellError"))
        self.assertIn("no-such-subshell", reply["evalue"])

    def test_interrupt_stops_every_shells_cell(self):
        sub = self.create()
        main = self.execute("await new Promise(() => {});")
        on_sub = self.execute("await new Promise(() => {});", sub)
        time.sleep(1.0)
        self.interrupt_by_request()
        for msg_id in (main, on_sub):
            content = self.reply("shell", msg_id)["content"]
            self.assertEqual((content["status"], content["ename"]), ("error", "Interrupted"))


if __name__ == "__main__":
    unittest.main()
