"""A cell that stops (a throw, a rejected await, SIGINT, interrupt_request) keeps every binding it
made: later cells, the type checker, completion and inspection all see it, holding the value it
had when the cell stopped. A binding the cell never reached is a clear error naming it."""
import time
import unittest

from kernel_case import KernelCase


class StoppedCells(KernelCase):
    def check_interrupted(self, code, interrupt):
        msg_id = self.run_cell(code, wait=False)
        time.sleep(1.5)
        interrupt()
        reply, _ = self.collect(msg_id)
        self.assertEqual(reply["content"]["status"], "error", reply["content"])
        self.assertEqual(reply["content"]["ename"], "Interrupted")

    def test_a_throw_keeps_what_ran_before_it(self):
        error = self.error_of('const kept = 5;\nlet counted = 0;\nfor (let i = 0; i < 3; i++) counted++;\nthrow new Error("boom");')
        self.assertEqual(error["evalue"], "boom")
        self.assertEqual(self.result_text("kept + 1"), "6")
        self.assertEqual(self.result_text("counted"), "3")

    def test_a_rejected_await_keeps_what_ran_before_it(self):
        error = self.error_of('const before = "b";\nawait Promise.resolve();\nconst during = before + "d";\nawait Promise.reject(new RangeError("no"));')
        self.assertEqual(error["ename"], "RangeError")
        self.assertEqual(self.result_text("before + during"), "'bbd'")

    def test_sigint_keeps_a_loops_progress(self):
        self.check_interrupted("let spins = 0;\nwhile (true) { spins++; }", self.km.interrupt_kernel)
        self.assertEqual(self.result_text("spins > 1000"), "true")

    def test_interrupt_request_keeps_a_loops_progress(self):
        self.check_interrupted("let laps = 0;\nwhile (true) { laps++; }", self.interrupt_by_request)
        self.assertEqual(self.result_text("laps > 1000"), "true")

    def test_interrupting_an_await_keeps_the_model_trained_so_far(self):
        code = ("const model = { steps: 0 };\n"
                "for (;;) { model.steps++; await new Promise((r) => setTimeout(r, 10)); }")
        self.check_interrupted(code, self.interrupt_by_request)
        self.assertEqual(self.result_text("model.steps > 10"), "true")
        self.check_interrupted("const waited = 1;\nawait new Promise(() => {});", self.km.interrupt_kernel)
        self.assertEqual(self.result_text("waited"), "1")

    def test_a_binding_never_reached_is_a_clear_error_and_the_kernel_stays_up(self):
        self.error_of('const reached = 1;\nthrow new Error("stop");\nconst unreached = 2;\nfunction alsoUnreached() {}')
        error = self.error_of("unreached + 1")
        self.assertEqual(error["ename"], "UnassignedBindingError")
        self.assertIn("'unreached'", error["evalue"])
        self.assertIn("stopped before assigning it", error["evalue"])
        self.assertNotIn("is not defined", error["evalue"])
        self.assertEqual(self.result_text("reached"), "1")
        # assigning it later, or declaring it again, makes it usable
        self.assertEqual(self.result_text('let unreached = "now";\nunreached'), "'now'")

    def test_a_binding_declared_again_after_a_stop_is_a_new_binding(self):
        self.error_of('const again = 1;\nthrow new Error("x");')
        self.assertEqual(self.result_text('const again = "two";\nagain'), "'two'")
        self.error_of('let again = [1];\nthrow new Error("y");\nagain = [2];')
        self.assertEqual(self.result_text("again"), "[ 1 ]")

    def test_the_type_checker_completion_and_inspection_see_a_kept_binding(self):
        self.error_of('const typedKept: number = 5;\nthrow new Error("boom");')
        error = self.error_of("const s: string = typedKept;")
        self.assertEqual(error["ename"], "TypeScriptError")
        self.assertIn("number", error["evalue"])
        self.assertNotIn("Cannot find name", error["evalue"])
        self.assertIn("typedKept", self.complete("typedK")["matches"])
        inspected = self.inspect("typedKept")
        self.assertTrue(inspected["found"], inspected)
        self.assertIn("typedKept: number", inspected["data"]["text/plain"])

    def test_a_type_error_still_stops_a_cell_before_it_runs(self):
        error = self.error_of('const notRun = 1;\nconsole.log("ran");\nconst bad: number = "text";')
        self.assertEqual(error["ename"], "TypeScriptError")
        error = self.error_of("notRun")
        self.assertIn("Cannot find name 'notRun'", error["evalue"])


if __name__ == "__main__":
    unittest.main()
