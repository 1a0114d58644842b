"""Runtime stack traces point at cell lines and columns (In [n]), and hide the kernel's frames."""
import re
import unittest

from kernel_case import KernelCase

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Tracebacks(KernelCase):
    def failing(self, code):
        reply, outputs = self.run_cell(code)
        content = reply["content"]
        self.assertEqual(content["status"], "error", content)
        published = [m["content"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(published), 1)
        self.assertEqual(published[0]["traceback"], content["traceback"])
        return content["execution_count"], [ANSI.sub("", line) for line in content["traceback"]]

    def assertNoKernelFrames(self, traceback):
        for line in traceback:
            self.assertNotRegex(line, r"cell-\d+\.js|dist/kernel|node:vm|node:internal|globalThis", traceback)

    def test_frames_name_the_cell_line_and_column(self):
        n, tb = self.failing('const a: number = 1;\nfunction f(k: number) {\n  if (k > 0) throw new Error("deep " + a);\n}\nf(1);')
        self.assertEqual(tb[0], "Error: deep 1")
        self.assertEqual(tb[1], "    at f (In [%d], line 3, column 20)" % n)
        self.assertEqual(tb[2], "    at In [%d], line 5, column 1" % n)
        self.assertEqual(tb[-3:], ["In [%d], line 3:" % n, '    if (k > 0) throw new Error("deep " + a);', " " * 21 + "^"])
        self.assertNoKernelFrames(tb)

    def test_a_function_from_an_earlier_cell_points_at_that_cell(self):
        reply, _ = self.run_cell("// a comment line\nfunction explode(): never {\n  throw new RangeError(\"from before\");\n}")
        first = reply["content"]["execution_count"]
        self.run_cell("1")
        n, tb = self.failing("const x = 2;\n\nexplode();")
        self.assertIn("    at explode (In [%d], line 3, column 9)" % first, tb)
        self.assertIn("    at In [%d], line 3, column 1" % n, tb)
        self.assertNoKernelFrames(tb)

    def test_after_an_await_and_in_callbacks(self):
        n, tb = self.failing('await Promise.resolve();\nconst xs = [1, 2];\nxs.map((x) => {\n  if (x > 1) throw new TypeError("in map");\n});')
        self.assertEqual(tb[0], "TypeError: in map")
        self.assertEqual(tb[1], "    at In [%d], line 4, column 20" % n)
        self.assertIn("    at Array.map (<anonymous>)", tb)
        self.assertIn("    at In [%d], line 3, column 4" % n, tb)
        self.assertNoKernelFrames(tb)


if __name__ == "__main__":
    unittest.main()
