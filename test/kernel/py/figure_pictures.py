"""The notebook-wide figure picture switch through a real kernel: `figurePictures(true)` in a
cell, or TSDL_FIGURE_PICTURES in the kernel's environment, makes every displayed figure carry
its picture (an <img> in text/html and image/png) until it is turned off; a bad value of the
variable is an error naming it."""
import base64
import os
import shutil

from kernel_case import KernelCase

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FIGURE = 'linePlot([{ y: [1, 3, 2, 4, 3, 5, 4, 6, 5, 7], name: "loss" }], { title: "Switch", width: 400, height: 260 })'


class Pictures(KernelCase):
    def setUp(self):
        if not shutil.which(CHROMIUM):
            self.skipTest(f"no Chromium at {CHROMIUM}")

    def ok_cell(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return outputs

    def bundles(self, outputs):
        return [m["content"]["data"] for m in outputs if m["msg_type"] in ("execute_result", "display_data")]

    def assert_picture(self, bundle):
        png = base64.b64decode(bundle["image/png"])
        self.assertEqual(png[1:4], b"PNG")
        self.assertEqual(int.from_bytes(png[16:20], "big"), 400, "drawn at the figure's width")
        self.assertRegex(bundle["text/html"], r'<img class="tsdl-figure-image" src="data:image/')
        self.assertIn("application/vnd.plotly.v1+json", bundle)


class ASwitchInACell(Pictures):
    def test_off_by_default_then_on_for_every_figure_then_off(self):
        self.ok_cell('import { linePlot, heatmap, figurePictures } from "tsdl";')
        [before] = self.bundles(self.ok_cell(FIGURE))
        self.assertNotIn("image/png", before)
        self.assertNotIn("<img class=\"tsdl-figure-image\"", before["text/html"])
        self.assertEqual(self.bundles(self.ok_cell("figurePictures(true)"))[0]["text/plain"], "true")
        [line] = self.bundles(self.ok_cell(FIGURE))
        self.assert_picture(line)
        shown = self.bundles(self.ok_cell('const h = heatmap([[1, 2], [3, 4]], { width: 400 }); display(h); display(h); (h.data[0]!.z as number[][])[0]![0] = 9; h'))
        self.assertEqual(len(shown), 3)
        for b in shown:
            self.assertIn("image/png", b)
        self.assertEqual(shown[0]["image/png"], shown[1]["image/png"], "an unchanged figure keeps its picture")
        self.assertNotEqual(shown[1]["image/png"], shown[2]["image/png"], "a changed figure is drawn again")
        self.ok_cell("figurePictures(false)")
        [after] = self.bundles(self.ok_cell(FIGURE))
        self.assertNotIn("image/png", after)


class TheKernelsEnvironment(Pictures):
    env = {"TSDL_FIGURE_PICTURES": "1"}

    def test_every_figure_carries_its_picture_from_the_first_cell(self):
        [bundle] = self.bundles(self.ok_cell(f'import {{ linePlot }} from "tsdl"; {FIGURE}'))
        self.assert_picture(bundle)


class ABadValue(Pictures):
    env = {"TSDL_FIGURE_PICTURES": "maybe"}

    def test_is_an_error_naming_the_variable_and_its_value(self):
        reply, _ = self.run_cell(f'import {{ linePlot }} from "tsdl"; {FIGURE}')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn('TSDL_FIGURE_PICTURES="maybe"', reply["content"]["evalue"])
