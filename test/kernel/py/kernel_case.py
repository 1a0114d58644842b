"""The base of the end-to-end scenarios: one tsdl kernel per test class, driven through a real
jupyter_client, with helpers to run a cell and collect what it published."""
import os
import tempfile
import time
import unittest

from jupyter_client.manager import KernelManager

TIMEOUT = 60


class KernelCase(unittest.TestCase):
    """One kernel per test class, started in `cwd` (a fresh folder unless a class says otherwise)."""

    cwd = None
    env = None  # variables added to the kernel's environment


    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory(prefix="tsdl-kernel-test-")
        cls.prepare(cls.folder.name)
        cls.km = KernelManager(kernel_name="tsdl")
        extra = {} if cls.env is None else {"env": {**os.environ, **cls.env}}
        cls.km.start_kernel(cwd=cls.cwd or cls.folder.name, **extra)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        cls.folder.cleanup()

    @classmethod
    def prepare(cls, folder):
        pass

    def run_cell(self, code, allow_stdin=False, stop_on_error=True, wait=True):
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin, stop_on_error=stop_on_error)
        return self.collect(msg_id) if wait else msg_id

    def collect(self, msg_id, timeout=TIMEOUT):
        """Every iopub message of `msg_id` up to its idle, then its reply."""
        deadline = time.time() + timeout
        outputs = self.iopub_of(msg_id, timeout)
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply, outputs

    def iopub_of(self, msg_id, timeout=TIMEOUT):
        """Every iopub message of `msg_id` up to its idle (comm messages have no shell reply)."""
        outputs = []
        deadline = time.time() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            outputs.append(msg)

    def frontend(self, msg_type, content, buffers=None, subshell_id=None):
        """Send a message on shell as a frontend would (a comm message, say); returns its msg_id."""
        msg = self.kc.session.msg(msg_type, content)
        if subshell_id is not None:
            msg["header"]["subshell_id"] = subshell_id
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers)
        return msg["header"]["msg_id"]

    def comm_info(self, target_name=None):
        """comm_info_reply's `comms`, only `target_name`'s when it is given."""
        content = {} if target_name is None else {"target_name": target_name}
        msg = self.kc.session.msg("comm_info_request", content)
        self.kc.shell_channel.send(msg)
        reply = self.shell_reply(msg["header"]["msg_id"])
        self.assertEqual(reply["status"], "ok", reply)
        return reply["comms"]

    def result_text(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, outputs)
        return results[0]

    def stdout(self, outputs):
        return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    def error_of(self, code):
        """The error reply content of a cell that must fail."""
        reply, _ = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "error", reply["content"])
        return reply["content"]

    def interrupt_by_request(self):
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)
        reply = self.kc.get_control_msg(timeout=TIMEOUT)
        self.assertEqual(reply["msg_type"], "interrupt_reply")
        self.assertEqual(reply["content"]["status"], "ok")

    def shell_reply(self, msg_id):
        while True:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def complete(self, code):
        return self.shell_reply(self.kc.complete(code, len(code)))

    def inspect(self, code):
        return self.shell_reply(self.kc.inspect(code, len(code)))
