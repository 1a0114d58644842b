"""user_expressions: evaluated after the cell, in its variables, each as display data or its own error."""
import unittest

from kernel_case import KernelCase


class UserExpressions(KernelCase):
    def execute(self, code, expressions, silent=False):
        msg_id = self.kc.execute(code, silent=silent, user_expressions=expressions)
        reply, _ = self.collect(msg_id)
        return reply["content"]

    def test_expressions_see_the_cells_variables_after_it_ran(self):
        reply = self.execute("const n = 20;\nlet label = `n=${n}`;", {"double": "n * 2", "label": "label", "shown": 'html("<i>x</i>")'})
        self.assertEqual(reply["status"], "ok", reply)
        values = reply["user_expressions"]
        self.assertEqual(values["double"], {"status": "ok", "data": {"text/plain": "40"}, "metadata": {}})
        self.assertEqual(values["label"]["data"]["text/plain"], "'n=20'")
        self.assertEqual(values["shown"]["data"]["text/html"], "<i>x</i>")

    def test_each_failing_expression_is_its_own_error(self):
        reply = self.execute("", {"good": "1 + 1", "thrown": '(() => { throw new RangeError("bad") })()', "unknown": "nowhere"}, silent=True)
        values = reply["user_expressions"]
        self.assertEqual(values["good"]["data"]["text/plain"], "2")
        self.assertEqual((values["thrown"]["status"], values["thrown"]["ename"], values["thrown"]["evalue"]), ("error", "RangeError", "bad"))
        self.assertEqual(values["unknown"]["ename"], "TypeScriptError")
        self.assertIn("nowhere", values["unknown"]["evalue"])

    def test_an_expression_cannot_declare_and_awaits_work(self):
        reply = self.execute("", {"decl": "let sneaky = 1", "awaited": "await Promise.resolve(3)"})
        self.assertEqual(reply["user_expressions"]["decl"]["status"], "error")
        self.assertEqual(reply["user_expressions"]["awaited"]["data"]["text/plain"], "3")
        self.assertIn("Cannot find name 'sneaky'", self.error_of("sneaky")["evalue"])


if __name__ == "__main__":
    unittest.main()
