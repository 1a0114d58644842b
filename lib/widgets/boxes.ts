/**
 * `HBox` and `VBox` (@jupyter-widgets/controls 2.0.0): widgets side by side or stacked; the
 * state holds references to the children's models.
 */
import { CONTROLS, VERSION_2, Widget, defineProperties } from "./widget.js";
import type { WireState } from "./widget.js";
import { oneOf, show, WidgetValueError } from "./checks.js";
import { layoutAndStyle } from "./layout.js";
import type { WidgetLayout } from "./layout.js";
import { checkDom, DOM_DEFAULTS } from "./dom.js";
import type { DomOptions } from "./dom.js";

const BOX_STYLES = ["success", "info", "warning", "danger", ""] as const;

export interface BoxOptions extends DomOptions {
  /** A predefined border colour: "success", "info", "warning", "danger" or "" (none). */
  boxStyle?: (typeof BOX_STYLES)[number];
}

abstract class Box extends Widget {
  protected constructor(name: "HBox" | "VBox", children: readonly Widget[], options: BoxOptions) {
    super(
      { model: [CONTROLS, `${name}Model`, VERSION_2], view: [CONTROLS, `${name}View`, VERSION_2] },
      { ...DOM_DEFAULTS, box_style: "", children: [] },
      { ...layoutAndStyle(options), children: [...(children ?? [])] },
    );
  }

  protected override validate(state: WireState): WireState {
    const name = String(state["_view_name"]).replace(/View$/, "");
    checkDom(name, state);
    oneOf(name, "boxStyle", state["box_style"], BOX_STYLES);
    const children = state["children"];
    if (!Array.isArray(children)) throw new WidgetValueError(`${name}: children must be an array of widgets, got ${show(children)}`);
    const bad = children.findIndex((c) => !(c instanceof Widget));
    if (bad >= 0) throw new WidgetValueError(`${name}: children[${bad}] must be a widget, got ${show(children[bad])}`);
    return state;
  }

  protected override describe(): string {
    return `${String(this.get("_view_name")).replace(/View$/, "")}(${(this.get("children") as Widget[]).length} children)`;
  }
}
interface Box {
  /** The widgets inside, in order; assign a new array to change them. */
  children: Widget[];
  boxStyle: (typeof BOX_STYLES)[number];
  readonly layout: WidgetLayout;
}
defineProperties(Box, ["children", "boxStyle", "layout"]);

/** Widgets side by side. @example new HBox([lr, beta], { layout: { border: "1px solid #ccc" } }) */
export class HBox extends Box {
  constructor(children: readonly Widget[] = [], options: BoxOptions = {}) {
    super("HBox", children, options);
  }
}

/** Widgets stacked top to bottom. @example new VBox([slider, out]) */
export class VBox extends Box {
  constructor(children: readonly Widget[] = [], options: BoxOptions = {}) {
    super("VBox", children, options);
  }
}
