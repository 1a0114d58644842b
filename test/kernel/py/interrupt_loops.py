"""An interrupt (SIGINT or interrupt_request) stops a loop wherever it runs: after an `await` in
a cell, and inside a setTimeout or setInterval callback. The cell's bindings hold what the loop
did, the kernel stays up, and the next cell runs normally."""
import time
import unittest

from kernel_case import KernelCase


class InterruptLoops(KernelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kc.execute_interactive("0", timeout=60, output_hook=lambda msg: None)  # the engine is warm: cells below compile at once

    def start_and_spin(self, code):
        """Start `code` and give it time to get into its loop (its output is stuck in the kernel
        meanwhile, so the test cannot wait for it)."""
        msg_id = self.run_cell(code, wait=False)
        time.sleep(1.5)
        return msg_id

    def check_loop_after_await(self, name, interrupt):
        code = (f"let {name} = 0;\n"
                "await new Promise((resolve) => setTimeout(resolve, 10));\n"
                f"while (true) {{ {name}++; }}")
        msg_id = self.start_and_spin(code)
        interrupt()
        reply, _ = self.collect(msg_id)
        self.assertEqual((reply["content"]["status"], reply["content"].get("ename")), ("error", "Interrupted"), reply["content"])
        self.assertEqual(self.result_text(f"{name} > 1000"), "true")
        self.assertEqual(self.result_text("const next = 20 + 1;\nnext * 2"), "42")

    def test_sigint_stops_a_loop_after_an_await(self):
        self.check_loop_after_await("afterAwaitSigint", self.km.interrupt_kernel)

    def test_interrupt_request_stops_a_loop_after_an_await(self):
        self.check_loop_after_await("afterAwaitRequest", self.interrupt_by_request)

    def test_sigint_stops_a_loop_in_a_timeout_callback_after_its_cell_ended(self):
        reply, _ = self.run_cell("let timerSpins = 0;\n"
                                 'setTimeout(() => { for (;;) timerSpins++; }, 50);')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        time.sleep(1.5)  # the kernel is stuck in the callback now
        self.km.interrupt_kernel()
        self.assertEqual(self.result_text("timerSpins > 1000"), "true")
        self.assertEqual(self.result_text("[1, 2, 3].map((x) => x * 2)"), "[ 2, 4, 6 ]")

    def test_interrupt_request_stops_an_interval_callback_and_the_awaiting_cell(self):
        code = ("let beats = 0;\n"
                'setInterval(() => { beats++; do {} while (beats > 0); }, 100);\n'
                "await new Promise(() => {});")
        msg_id = self.start_and_spin(code)
        self.interrupt_by_request()
        reply, _ = self.collect(msg_id)
        self.assertEqual((reply["content"]["status"], reply["content"].get("ename")), ("error", "Interrupted"), reply["content"])
        time.sleep(0.5)
        # the interrupted interval was cleared: it did not fire (and loop) again
        self.assertEqual(self.result_text("beats"), "1")


if __name__ == "__main__":
    unittest.main()
