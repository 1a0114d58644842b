/**
 * WidgetLayout and style: the CSS of a widget, each its own model (`LayoutModel` of
 * @jupyter-widgets/base 2.0.0, the `*StyleModel`s of @jupyter-widgets/controls 2.0.0) that the
 * widget's state references. Options use camelCase (`maxWidth`), the wire snake_case.
 */
import { BASE, CONTROLS, VERSION_2, Widget, toCamel } from "./widget.js";
import type { WireState } from "./widget.js";
import { optionalText } from "./checks.js";

const LAYOUT_KEYS = [
  "align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right", "border_top", "bottom",
  "display", "flex", "flex_flow", "grid_area", "grid_auto_columns", "grid_auto_flow", "grid_auto_rows", "grid_column",
  "grid_gap", "grid_row", "grid_template_areas", "grid_template_columns", "grid_template_rows", "height",
  "justify_content", "justify_items", "left", "margin", "max_height", "max_width", "min_height", "min_width",
  "object_fit", "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width",
] as const;

type CamelOf<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<CamelOf<B>>}` : S;

/** CSS properties of a widget's box, e.g. `{ width: "300px", border: "1px solid gray" }`; null leaves the default. */
export type LayoutOptions = { [K in (typeof LAYOUT_KEYS)[number] as CamelOf<K>]?: string | null } & {
  /** Sets all four borders (`borderTop`, … ) at once. */
  border?: string | null;
};

/** The CSS of a widget's box (ipywidgets' `WidgetLayout`). */
export class WidgetLayout extends Widget {
  constructor(options: LayoutOptions = {}) {
    const { border, ...rest } = options;
    const sides = border === undefined ? {} : { borderTop: border, borderRight: border, borderBottom: border, borderLeft: border };
    super(
      { model: [BASE, "LayoutModel", VERSION_2], view: [BASE, "LayoutView", VERSION_2] },
      Object.fromEntries(LAYOUT_KEYS.map((k) => [k, null])),
      { ...sides, ...rest },
    );
  }

  protected override validate(state: WireState): WireState {
    for (const key of LAYOUT_KEYS) optionalText("WidgetLayout", toCamel(key), state[key]);
    return state;
  }

  /** Read a CSS property (camelCase), null when unset. */
  css(name: keyof LayoutOptions): string | null {
    return this.get(name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) as string | null;
  }

  /** Change CSS properties; the frontend restyles at once. */
  update(options: LayoutOptions): void {
    const patch: WireState = {};
    for (const [key, value] of Object.entries(options)) {
      const wire = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      if (!(LAYOUT_KEYS as readonly string[]).includes(wire)) throw new Error(`WidgetLayout: unknown CSS property '${key}'`);
      patch[wire] = value;
    }
    void this.set(patch);
  }
}

/** The style model names and their properties (all strings, null or "" by default). */
const STYLES = {
  DescriptionStyleModel: { description_width: "" },
  SliderStyleModel: { description_width: "", handle_color: null },
  ButtonStyleModel: {
    button_color: null, font_family: null, font_size: null, font_style: null, font_variant: null, font_weight: null,
    text_color: null, text_decoration: null,
  },
  CheckboxStyleModel: { background: null, description_width: "" },
  ProgressStyleModel: { bar_color: null, description_width: "" },
  TextStyleModel: { background: null, description_width: "", font_size: null, text_color: null },
} as const;

export type StyleModelName = keyof typeof STYLES;

/** WidgetStyle options, e.g. `{ descriptionWidth: "120px", handleColor: "tomato" }`. */
export interface StyleOptions {
  descriptionWidth?: string;
  handleColor?: string | null;
  buttonColor?: string | null;
  barColor?: string | null;
  background?: string | null;
  textColor?: string | null;
  fontSize?: string | null;
  fontFamily?: string | null;
  fontStyle?: string | null;
  fontVariant?: string | null;
  fontWeight?: string | null;
  textDecoration?: string | null;
}

/** A widget's style (colours, the description's width); which properties exist depends on the widget. */
export class WidgetStyle extends Widget {
  constructor(modelName: StyleModelName, options: StyleOptions = {}) {
    super({ model: [CONTROLS, modelName, VERSION_2], view: [BASE, "StyleView", VERSION_2] }, { ...STYLES[modelName] }, options);
  }

  protected override validate(state: WireState): WireState {
    for (const [key, value] of Object.entries(state)) if (!key.startsWith("_")) optionalText(String(state["_model_name"]), toCamel(key), value);
    return state;
  }
}

/** A widget's `layout` and `style` options turned into their models (made before the widget, as the protocol needs). */
export function layoutAndStyle<O extends { layout?: WidgetLayout | LayoutOptions; style?: WidgetStyle | StyleOptions }>(
  options: O,
  styleModel?: StyleModelName,
): Omit<O, "layout" | "style"> & { layout: WidgetLayout; style?: WidgetStyle } {
  const layout = options.layout instanceof WidgetLayout ? options.layout : new WidgetLayout(options.layout ?? {});
  const result = { ...options, layout } as Omit<O, "layout" | "style"> & { layout: WidgetLayout; style?: WidgetStyle };
  if (styleModel !== undefined) result.style = options.style instanceof WidgetStyle ? options.style : new WidgetStyle(styleModel, options.style ?? {});
  return result;
}
