/**
 * What every visible widget shares (ipywidgets' DOMWidget and its described kind): a layout, a
 * tooltip, whether Tab reaches it, and for most a description with its style.
 */
import { flag, optionalText, text } from "./checks.js";
import type { WidgetLayout, LayoutOptions, WidgetStyle, StyleOptions } from "./layout.js";
import type { WireState } from "./widget.js";

/** Options every visible widget takes. */
export interface DomOptions {
  /** The CSS of the widget's box, e.g. `{ width: "400px" }`. */
  layout?: WidgetLayout | LayoutOptions;
  /** A tooltip shown on hover. */
  tooltip?: string | null;
  /** Whether Tab reaches the widget (null: the browser decides). */
  tabbable?: boolean | null;
}

/** Options of widgets with a label. */
export interface DescribedOptions extends DomOptions {
  /** The label shown beside the widget. */
  description?: string;
  /** Render the description as HTML rather than text. */
  descriptionAllowHtml?: boolean;
  /** Colours and the description's width, e.g. `{ descriptionWidth: "120px" }`. */
  style?: WidgetStyle | StyleOptions;
}

export const DOM_DEFAULTS: WireState = { _dom_classes: [], layout: null, tabbable: null, tooltip: null };
export const DESCRIBED_DEFAULTS: WireState = { ...DOM_DEFAULTS, description: "", description_allow_html: false, style: null };

/** Check the shared properties of `state` (those present). */
export function checkDom(widget: string, state: WireState): void {
  optionalText(widget, "tooltip", state["tooltip"]);
  if (state["tabbable"] !== null) flag(widget, "tabbable", state["tabbable"]);
  if ("description" in state) text(widget, "description", state["description"]);
  if ("description_allow_html" in state) flag(widget, "descriptionAllowHtml", state["description_allow_html"]);
}
