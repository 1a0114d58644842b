/**
 * `interact(fn, controls)`: controls above an Output; `fn` runs once with the controls'
 * values, and again whenever one changes, its output replacing the last run's. Runs never
 * overlap: a change during a run reruns once it ends, with the newest values.
 * @see notebooks/01-gradient-descent.ipynb
 * @see notebooks/05-convolution.ipynb
 */
import { Widget } from "./widget.js";
import { VBox } from "./boxes.js";
import type { BoxOptions } from "./boxes.js";
import { Output } from "./output.js";
import { show, WidgetValueError } from "./checks.js";

/** A widget with a `value` (every slider, Dropdown, Checkbox, Text). */
export type ValueWidget<T = unknown> = Widget & { value: T };

/** The values `fn` receives: each control's `value`, under the control's name. */
export type ValuesOf<C extends Record<string, ValueWidget>> = { [K in keyof C]: C[K]["value"] };

/** What `interact` returns: a VBox of the controls and the output, that reruns `fn`. */
export class Interactive<C extends Record<string, ValueWidget>> extends VBox {
  readonly controls: C;
  readonly output: Output;
  readonly #fn: (values: ValuesOf<C>) => unknown;
  #running: Promise<void> | undefined;
  #again = false;
  /** How many times `fn` has run. */
  runs = 0;

  constructor(fn: (values: ValuesOf<C>) => unknown, controls: C, options: BoxOptions = {}) {
    if (typeof fn !== "function") throw new WidgetValueError(`interact: fn must be a function, got ${show(fn)}`);
    if (typeof controls !== "object" || controls === null) throw new WidgetValueError(`interact: controls must be an object of widgets by name, got ${show(controls)}`);
    for (const [name, control] of Object.entries(controls)) {
      if (!(control instanceof Widget) || !("value" in control)) throw new WidgetValueError(`interact: control '${name}' must be a widget with a value, got ${show(control)}`);
    }
    const output = new Output();
    super([...Object.values(controls), output], options);
    this.controls = controls;
    this.output = output;
    this.#fn = fn;
    for (const control of Object.values(controls)) control.observe(() => this.update(), "value");
  }

  /** The controls' values now. */
  get values(): ValuesOf<C> {
    return Object.fromEntries(Object.entries(this.controls).map(([name, c]) => [name, c.value])) as ValuesOf<C>;
  }

  /** Run `fn` again with the current values (also what a control change does). Resolves when the output is up to date. */
  update(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    const run = async (): Promise<void> => {
      do {
        this.#again = false;
        this.runs += 1;
        this.output.clear({ wait: true });
        try {
          const result = await this.output.capture(() => this.#fn(this.values));
          if (result !== undefined) this.output.appendDisplay(result);
        } catch (error) {
          const e = error instanceof Error ? error : new Error(String(error));
          this.output.appendStderr(`${e.name}: ${e.message}\n`);
        }
        if (this.output.clearPending) this.output.clear();
      } while (this.#again);
    };
    this.#running = run().finally(() => (this.#running = undefined));
    return this.#running;
  }
}

/**
 * Controls that rerun `fn`: returns a widget (controls above their output) that shows itself as
 * a cell's last value or through `display()`. `fn` gets the controls' values by name; what it
 * prints, displays or returns replaces the previous run's output.
 * @example
 * interact(({ lr }) => linePlot(descend(lr)), { lr: new FloatSlider({ value: 0.1, min: 0.01, max: 1, step: 0.01 }) })
 */
export function interact<C extends Record<string, ValueWidget>>(fn: (values: ValuesOf<C>) => unknown, controls: C, options: BoxOptions = {}): Interactive<C> {
  const interactive = new Interactive(fn, controls, options);
  void interactive.update();
  return interactive;
}
