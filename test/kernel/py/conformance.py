"""jupyter_kernel_test's conformance suite against the tsdl kernel, every sample attribute set."""
import unittest

import jupyter_kernel_test


class TsdlKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tsdl"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "JSON.str", "matches": {"stringify"}},
        {"text": "[1, 2].inclu", "matches": {"includes"}},
    ]
    complete_code_samples = ["1 + 1", "let x = 1;", "function f() {\n  return 1;\n}", "for (const i of [1]) console.log(i)"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {\n  console.log(1);", "`unterminated ${1}"]
    invalid_code_samples = ["1 +* 2", "const = 5;", "a b c", ")("]

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "({ a: 1 })", "result": "{ a: 1 }"},
        {"code": 'html("<b>bold</b>")', "mime": "text/html", "result": "<b>bold</b>"},
        {"code": "await Promise.resolve(7)", "result": "7"},
    ]
    code_display_data = [
        {"code": 'display(html("<b>hi</b>"))', "mime": "text/html"},
        {"code": 'display(markdown("# title"))', "mime": "text/markdown"},
        {"code": 'display(svg("<svg xmlns=\'http://www.w3.org/2000/svg\'/>"))', "mime": "image/svg+xml"},
        {"code": "display(png(new Uint8Array([137, 80, 78, 71])))", "mime": "image/png"},
        {"code": "display({ [Symbol.for('Jupyter.display')]: () => ({ 'application/json': { a: 1 } }) })", "mime": "application/json"},
    ]

    code_history_pattern = "1 +*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"
    code_page_something = "?Math.max"
    code_clear_output = "clearOutput()"


if __name__ == "__main__":
    unittest.main()
