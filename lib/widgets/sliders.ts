/**
 * Sliders: `IntSlider`, `FloatSlider` and `FloatLogSlider` (@jupyter-widgets/controls 2.0.0),
 * with ipywidgets' defaults. A value outside [min, max] is clamped, as in ipywidgets.
 * @see notebooks/01-gradient-descent.ipynb
 * @see notebooks/04-momentum.ipynb
 */
import { CONTROLS, VERSION_2, Widget, defineProperties } from "./widget.js";
import type { WireState } from "./widget.js";
import { bounded, finite, flag, integer, oneOf, text, WidgetValueError } from "./checks.js";
import { layoutAndStyle } from "./layout.js";
import type { WidgetLayout, WidgetStyle } from "./layout.js";
import { checkDom, DESCRIBED_DEFAULTS } from "./dom.js";
import type { DescribedOptions } from "./dom.js";

/** What all sliders take besides their numbers. */
export interface SliderWidgetOptions extends DescribedOptions {
  /** Greyed out and not draggable. */
  disabled?: boolean;
  /** Send the value while dragging (true), or only on release. */
  continuousUpdate?: boolean;
  orientation?: "horizontal" | "vertical";
  /** Show the value beside the slider. */
  readout?: boolean;
  /** How the readout shows the value (a d3-format string, e.g. ".2f"). */
  readoutFormat?: string;
  /** How the handle moves: "drag-tap", "drag-snap", "tap", "drag" or "snap". */
  behavior?: "drag-tap" | "drag-snap" | "tap" | "drag" | "snap";
}

/** Options of `IntSlider` and `FloatSlider`. */
export interface NumberSliderOptions extends SliderWidgetOptions {
  value?: number;
  min?: number;
  max?: number;
  step?: number;
}

const SLIDER_DEFAULTS: WireState = {
  ...DESCRIBED_DEFAULTS,
  behavior: "drag-tap",
  continuous_update: true,
  disabled: false,
  orientation: "horizontal",
  readout: true,
};

function checkSlider(widget: string, state: WireState): void {
  checkDom(widget, state);
  flag(widget, "disabled", state["disabled"]);
  flag(widget, "continuousUpdate", state["continuous_update"]);
  flag(widget, "readout", state["readout"]);
  text(widget, "readoutFormat", state["readout_format"]);
  oneOf(widget, "orientation", state["orientation"], ["horizontal", "vertical"]);
  oneOf(widget, "behavior", state["behavior"], ["drag-tap", "drag-snap", "tap", "drag", "snap"]);
}

/** Properties every slider has. */
export interface Slider {
  description: string;
  disabled: boolean;
  continuousUpdate: boolean;
  orientation: "horizontal" | "vertical";
  readout: boolean;
  readoutFormat: string;
  readonly layout: WidgetLayout;
  readonly style: WidgetStyle;
}

/**
 * A slider over integers.
 * @example const k = new IntSlider({ value: 3, min: 0, max: 10, description: "k" });
 */
export class IntSlider extends Widget {
  constructor(options: NumberSliderOptions = {}) {
    super(
      { model: [CONTROLS, "IntSliderModel", VERSION_2], view: [CONTROLS, "IntSliderView", VERSION_2] },
      { ...SLIDER_DEFAULTS, max: 100, min: 0, readout_format: "d", step: 1, value: 0 },
      layoutAndStyle(options, "SliderStyleModel"),
    );
  }

  protected override validate(state: WireState): WireState {
    const min = integer("IntSlider", "min", state["min"]);
    const max = integer("IntSlider", "max", state["max"]);
    const step = integer("IntSlider", "step", state["step"]);
    if (step <= 0) throw new WidgetValueError(`IntSlider: step must be positive, got ${step}`);
    checkSlider("IntSlider", state);
    return { ...state, value: bounded("IntSlider", min, max, integer("IntSlider", "value", state["value"])) };
  }
}
export interface IntSlider extends Slider {
  /** The value, an integer in [min, max] (a value outside is clamped). */
  value: number;
  min: number;
  max: number;
  step: number;
}

/**
 * A slider over real numbers.
 * @example const lr = new FloatSlider({ value: 0.1, min: 0.01, max: 1, step: 0.01, description: "η" });
 */
export class FloatSlider extends Widget {
  constructor(options: NumberSliderOptions = {}) {
    super(
      { model: [CONTROLS, "FloatSliderModel", VERSION_2], view: [CONTROLS, "FloatSliderView", VERSION_2] },
      { ...SLIDER_DEFAULTS, max: 100.0, min: 0.0, readout_format: ".2f", step: 0.1, value: 0.0 },
      layoutAndStyle(options, "SliderStyleModel"),
    );
  }

  protected override validate(state: WireState): WireState {
    const min = finite("FloatSlider", "min", state["min"]);
    const max = finite("FloatSlider", "max", state["max"]);
    const step = state["step"] === null ? null : finite("FloatSlider", "step", state["step"]);
    if (step !== null && step <= 0) throw new WidgetValueError(`FloatSlider: step must be positive, got ${step}`);
    checkSlider("FloatSlider", state);
    return { ...state, value: bounded("FloatSlider", min, max, finite("FloatSlider", "value", state["value"])) };
  }
}
export interface FloatSlider extends Slider {
  /** The value, a number in [min, max] (a value outside is clamped). */
  value: number;
  min: number;
  max: number;
  step: number;
}

/** Options of `FloatLogSlider`: `min`, `max` and `step` are exponents of `base`. */
export interface LogSliderOptions extends SliderWidgetOptions {
  value?: number;
  /** The smallest exponent: the slider starts at base ** min. */
  min?: number;
  /** The largest exponent: the slider ends at base ** max. */
  max?: number;
  /** The step of the exponent. */
  step?: number;
  base?: number;
}

/**
 * A slider over a number's exponent, for scales like learning rates.
 * @example const lr = new FloatLogSlider({ value: 1e-2, min: -4, max: 0, description: "η" });
 */
export class FloatLogSlider extends Widget {
  constructor(options: LogSliderOptions = {}) {
    super(
      { model: [CONTROLS, "FloatLogSliderModel", VERSION_2], view: [CONTROLS, "FloatLogSliderView", VERSION_2] },
      { ...SLIDER_DEFAULTS, base: 10.0, max: 4.0, min: 0.0, readout_format: ".3g", step: 0.1, value: 1.0 },
      layoutAndStyle(options, "SliderStyleModel"),
    );
  }

  protected override validate(state: WireState): WireState {
    const min = finite("FloatLogSlider", "min", state["min"]);
    const max = finite("FloatLogSlider", "max", state["max"]);
    const base = finite("FloatLogSlider", "base", state["base"]);
    if (base <= 0 || base === 1) throw new WidgetValueError(`FloatLogSlider: base must be positive and not 1, got ${base}`);
    const step = finite("FloatLogSlider", "step", state["step"]);
    if (step <= 0) throw new WidgetValueError(`FloatLogSlider: step must be positive, got ${step}`);
    const value = finite("FloatLogSlider", "value", state["value"]);
    if (value <= 0) throw new WidgetValueError(`FloatLogSlider: value must be positive (it is base ** exponent), got ${value}`);
    checkSlider("FloatLogSlider", state);
    return { ...state, value: bounded("FloatLogSlider", base ** min, base ** max, value) };
  }
}
export interface FloatLogSlider extends Slider {
  /** The value, in [base ** min, base ** max] (a value outside is clamped). */
  value: number;
  min: number;
  max: number;
  step: number;
  base: number;
}

const SLIDER_PROPERTIES = ["value", "min", "max", "step", "description", "disabled", "continuousUpdate", "orientation", "readout", "readoutFormat", "layout", "style"];
defineProperties(IntSlider, SLIDER_PROPERTIES);
defineProperties(FloatSlider, SLIDER_PROPERTIES);
defineProperties(FloatLogSlider, [...SLIDER_PROPERTIES, "base"]);
