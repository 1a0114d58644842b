/**
 * The simple controls (@jupyter-widgets/controls 2.0.0): `Checkbox`, `Text`, `IntProgress`
 * and `Button`, whose clicks come from the frontend as custom messages.
 * @see notebooks/05-convolution.ipynb
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { CONTROLS, VERSION_2, Widget, defineProperties } from "./widget.js";
import type { WireState } from "./widget.js";
import { bounded, flag, integer, oneOf, show, text, WidgetError, WidgetValueError } from "./checks.js";
import { layoutAndStyle } from "./layout.js";
import type { WidgetLayout, WidgetStyle } from "./layout.js";
import { checkDom, DESCRIBED_DEFAULTS } from "./dom.js";
import type { DescribedOptions } from "./dom.js";

export interface CheckboxOptions extends DescribedOptions {
  value?: boolean;
  disabled?: boolean;
  /** Line the box up with other widgets' descriptions. */
  indent?: boolean;
}

/** A checkbox. @example const show = new Checkbox({ value: true, description: "show path" }); */
export class Checkbox extends Widget {
  constructor(options: CheckboxOptions = {}) {
    super(
      { model: [CONTROLS, "CheckboxModel", VERSION_2], view: [CONTROLS, "CheckboxView", VERSION_2] },
      { ...DESCRIBED_DEFAULTS, disabled: false, indent: true, value: false },
      layoutAndStyle(options, "CheckboxStyleModel"),
    );
  }

  protected override validate(state: WireState): WireState {
    checkDom("Checkbox", state);
    for (const key of ["value", "disabled", "indent"]) flag("Checkbox", key, state[key]);
    return state;
  }
}
export interface Checkbox {
  value: boolean;
  description: string;
  disabled: boolean;
  indent: boolean;
  readonly layout: WidgetLayout;
  readonly style: WidgetStyle;
}
defineProperties(Checkbox, ["value", "description", "disabled", "indent", "layout", "style"]);

export interface TextOptions extends DescribedOptions {
  value?: string;
  /** Grey text shown while the box is empty. */
  placeholder?: string;
  disabled?: boolean;
  /** Send the value on every keystroke (true), or on Enter and on leaving the box. */
  continuousUpdate?: boolean;
}

/** A one-line text box. @example const name = new Text({ placeholder: "your name" }); */
export class Text extends Widget {
  constructor(options: TextOptions = {}) {
    super(
      { model: [CONTROLS, "TextModel", VERSION_2], view: [CONTROLS, "TextView", VERSION_2] },
      { ...DESCRIBED_DEFAULTS, continuous_update: true, disabled: false, placeholder: "\u200b", value: "" },
      layoutAndStyle(options, "TextStyleModel"),
    );
  }

  protected override validate(state: WireState): WireState {
    checkDom("Text", state);
    text("Text", "value", state["value"]);
    text("Text", "placeholder", state["placeholder"]);
    flag("Text", "disabled", state["disabled"]);
    flag("Text", "continuousUpdate", state["continuous_update"]);
    return state;
  }
}
export interface Text {
  value: string;
  placeholder: string;
  description: string;
  disabled: boolean;
  continuousUpdate: boolean;
  readonly layout: WidgetLayout;
  readonly style: WidgetStyle;
}
defineProperties(Text, ["value", "placeholder", "description", "disabled", "continuousUpdate", "layout", "style"]);

const BAR_STYLES = ["success", "info", "warning", "danger", ""] as const;

export interface IntProgressOptions extends DescribedOptions {
  value?: number;
  min?: number;
  max?: number;
  /** A predefined colour: "success", "info", "warning", "danger" or "" (default). */
  barStyle?: (typeof BAR_STYLES)[number];
  orientation?: "horizontal" | "vertical";
}

/** A progress bar over integers. @example const bar = new IntProgress({ max: numEpochs, description: "epochs" }); */
export class IntProgress extends Widget {
  constructor(options: IntProgressOptions = {}) {
    super(
      { model: [CONTROLS, "IntProgressModel", VERSION_2], view: [CONTROLS, "ProgressView", VERSION_2] },
      { ...DESCRIBED_DEFAULTS, bar_style: "", max: 100, min: 0, orientation: "horizontal", value: 0 },
      layoutAndStyle(options, "ProgressStyleModel"),
    );
  }

  protected override validate(state: WireState): WireState {
    checkDom("IntProgress", state);
    oneOf("IntProgress", "barStyle", state["bar_style"], BAR_STYLES);
    oneOf("IntProgress", "orientation", state["orientation"], ["horizontal", "vertical"]);
    const min = integer("IntProgress", "min", state["min"]);
    const max = integer("IntProgress", "max", state["max"]);
    return { ...state, value: bounded("IntProgress", min, max, integer("IntProgress", "value", state["value"])) };
  }
}
export interface IntProgress {
  /** The value, an integer in [min, max] (a value outside is clamped). */
  value: number;
  min: number;
  max: number;
  barStyle: (typeof BAR_STYLES)[number];
  description: string;
  readonly layout: WidgetLayout;
  readonly style: WidgetStyle;
}
defineProperties(IntProgress, ["value", "min", "max", "barStyle", "description", "orientation", "layout", "style"]);

const BUTTON_STYLES = ["primary", "success", "info", "warning", "danger", ""] as const;

export interface ButtonOptions extends Omit<DescribedOptions, "descriptionAllowHtml"> {
  /** A predefined look: "primary", "success", "info", "warning", "danger" or "" (default). */
  buttonStyle?: (typeof BUTTON_STYLES)[number];
  disabled?: boolean;
  /** A Font Awesome icon name without its "fa-" prefix, e.g. "stop". */
  icon?: string;
}

/**
 * A button; `onClick` handlers run when it is clicked in the notebook (ipywidgets' `on_click`).
 * @example const stop = new Button({ description: "stop" }); stop.onClick(() => (stopping = true));
 */
export class Button extends Widget {
  readonly #clicks = new Set<(button: Button) => unknown>();

  constructor(options: ButtonOptions = {}) {
    const { description = "", ...rest } = options;
    super(
      { model: [CONTROLS, "ButtonModel", VERSION_2], view: [CONTROLS, "ButtonView", VERSION_2] },
      { _dom_classes: [], button_style: "", description: "", disabled: false, icon: "", layout: null, style: null, tabbable: null, tooltip: null },
      layoutAndStyle({ description, ...rest }, "ButtonStyleModel"),
    );
  }

  protected override validate(state: WireState): WireState {
    checkDom("Button", state);
    oneOf("Button", "buttonStyle", state["button_style"], BUTTON_STYLES);
    flag("Button", "disabled", state["disabled"]);
    text("Button", "icon", state["icon"]);
    return state;
  }

  /** Call `handler` on each click; returns a function that stops it. */
  onClick(handler: (button: Button) => unknown): () => void {
    if (typeof handler !== "function") throw new WidgetValueError(`Button.onClick: the handler must be a function, got ${show(handler)}`);
    this.#clicks.add(handler);
    return () => void this.#clicks.delete(handler);
  }

  /** Click the button from code: the handlers run as for a click in the notebook. */
  async click(): Promise<void> {
    for (const handler of [...this.#clicks]) await handler(this);
  }

  protected override onCustom(content: unknown): Promise<void> {
    const event = (content as { event?: unknown } | null)?.event;
    if (event !== "click") throw new WidgetError(`Button: unexpected custom message ${JSON.stringify(content)} (expected { event: "click" })`);
    return this.click();
  }

  protected override describe(): string {
    return `Button(description=${JSON.stringify(this.description)})`;
  }
}
export interface Button {
  description: string;
  buttonStyle: (typeof BUTTON_STYLES)[number];
  disabled: boolean;
  icon: string;
  readonly layout: WidgetLayout;
  readonly style: WidgetStyle;
}
defineProperties(Button, ["description", "buttonStyle", "disabled", "icon", "layout", "style"]);
