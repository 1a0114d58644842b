// Widgets that speak ipywidgets' protocol 2.1 (JupyterLab 4, Notebook 7, VS Code).
// This file only re-exports.
export * from "./hooks.js";
export * from "./checks.js";
export * from "./buffers.js";
export { Widget, liveWidgets, PROTOCOL_VERSION, WIDGET_VIEW_MIME } from "./widget.js";
export type { Change, Observer, ModelSpec } from "./widget.js";
export * from "./layout.js";
export type { DomOptions, DescribedOptions } from "./dom.js";
export * from "./sliders.js";
export * from "./dropdown.js";
export * from "./controls.js";
export * from "./output.js";
export * from "./boxes.js";
export * from "./interact.js";
