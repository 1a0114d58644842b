// The viewers' real renderers, bundled by esbuild into one test page script (see bundle.ts):
// JupyterLab 4's rendermime registry and output area (with and without jupyterlab-plotly's
// renderer) and VS Code's plotly renderer (@nteract/transform-plotly on plotly.js-dist 2.35).
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { Widget } from "@lumino/widgets";
import { PlotlyTransform } from "@nteract/transform-plotly";
import plotlyExtensions from "jupyterlab-plotly/lib/plotly-renderer.js";
import React from "react";
import ReactDOM from "react-dom";

/** Renders nbformat outputs in a JupyterLab output area attached to `host`. */
function lab(host, outputs, { trusted, plotlyExtension }) {
  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  if (plotlyExtension) for (const ext of plotlyExtensions) rendermime.addFactory(ext.rendererFactory, ext.rank);
  const model = new OutputAreaModel({ trusted });
  model.fromJSON(outputs);
  const area = new OutputArea({ model, rendermime });
  Widget.attach(area, host);
  return area.widgets.length;
}

/** Renders plotly JSON as VS Code's renderer extension does: one PlotlyTransform per figure. */
function vscode(host, figures) {
  for (const figure of figures) {
    const div = document.createElement("div");
    div.className = "vscode-output";
    host.appendChild(div);
    ReactDOM.render(React.createElement(PlotlyTransform, { data: Object.freeze(figure) }), div);
  }
}

window.tsdlViewers = { lab, vscode };
