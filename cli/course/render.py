"""Render executed notebooks as HTML pages with nbconvert (called by cli/course/site.ts).

usage: render.py OUT_DIR NOTEBOOK.ipynb... --require-js URL --mathjax URL [--widget-renderer URL]

Each page uses the "tsdl" template beside this file (nbconvert's lab page plus links to the
other lessons). Script URLs point at local copies: nbconvert's defaults are CDN addresses,
which an offline reader cannot reach.
"""
import argparse
import json
import os
import sys

import nbformat
from nbconvert import HTMLExporter

HERE = os.path.dirname(os.path.abspath(__file__))


def script_json(value) -> str:
    """JSON that is safe as a script element's text: <, > and & as \\u escapes (still the same JSON)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--require-js", required=True)
    parser.add_argument("--mathjax", required=True)
    parser.add_argument("--widget-renderer", default="", help="ipywidgets' html-manager embed-amd.js, for saved widget state")
    args = parser.parse_args()

    exporter = HTMLExporter(
        template_name="tsdl",
        extra_template_basedirs=[os.path.join(HERE, "templates")],
        require_js_url=args.require_js,
        mathjax_url=args.mathjax,
        widget_renderer_url=args.widget_renderer,
        filters={"tsdl_script_json": script_json},
    )
    pages = [os.path.splitext(os.path.basename(p))[0] + ".html" for p in args.notebooks]
    for i, path in enumerate(args.notebooks):
        nb = nbformat.read(path, as_version=4)
        name = os.path.splitext(os.path.basename(path))[0]
        resources = {
            "metadata": {"name": name},
            "tsdl_prev": pages[i - 1] if i > 0 else None,
            "tsdl_next": pages[i + 1] if i + 1 < len(pages) else None,
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        with open(os.path.join(args.out_dir, pages[i]), "w", encoding="utf-8") as f:
            f.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
