/**
 * `Dropdown` (@jupyter-widgets/controls 2.0.0): pick one of a list of options. The frontend
 * sees the labels (`_options_labels`) and the chosen `index`; the values stay in the kernel.
 */
import { CONTROLS, VERSION_2, Widget, defineProperties } from "./widget.js";
import type { Change, WireState } from "./widget.js";
import { flag, show, WidgetValueError } from "./checks.js";
import { layoutAndStyle } from "./layout.js";
import type { WidgetLayout, WidgetStyle } from "./layout.js";
import { checkDom, DESCRIBED_DEFAULTS } from "./dom.js";
import type { DescribedOptions } from "./dom.js";

/** An option: a label that is its own value, or a `[label, value]` pair. */
export type DropdownOption<T> = string | readonly [label: string, value: T];

export interface DropdownOptions<T> extends DescribedOptions {
  /** The choices, e.g. `["sgd", "momentum"]` or `[["η = 0.1", 0.1], ["η = 0.5", 0.5]]`. */
  options: readonly DropdownOption<T>[];
  /** The chosen value (default: the first option's). */
  value?: T;
  /** The chosen index (instead of `value`). */
  index?: number | null;
  disabled?: boolean;
}

/**
 * A drop-down list.
 * @example const opt = new Dropdown({ options: ["sgd", "momentum"], value: "momentum", description: "optimizer" });
 */
export class Dropdown<T = string> extends Widget {
  readonly #values: T[];

  constructor(options: DropdownOptions<T>) {
    const { options: choices, value, index, ...rest } = options ?? ({} as DropdownOptions<T>);
    if (!Array.isArray(choices)) throw new WidgetValueError(`Dropdown: options must be an array of labels or [label, value] pairs, got ${show(choices)}`);
    const labels = choices.map((c: DropdownOption<T>) => (typeof c === "string" ? c : Array.isArray(c) && typeof c[0] === "string" ? c[0] : undefined));
    const bad = labels.findIndex((l) => l === undefined);
    if (bad >= 0) throw new WidgetValueError(`Dropdown: option ${bad} must be a label or a [label, value] pair, got ${show(choices[bad])}`);
    const values = choices.map((c: DropdownOption<T>) => (typeof c === "string" ? c : c[1]) as T);
    let chosen: number | null = choices.length === 0 ? null : 0;
    if (value !== undefined) {
      chosen = values.indexOf(value);
      if (chosen < 0) throw new WidgetValueError(`Dropdown: value ${show(value)} is not one of the options (${values.map((v) => show(v)).join(", ")})`);
    } else if (index !== undefined) chosen = index;
    super(
      { model: [CONTROLS, "DropdownModel", VERSION_2], view: [CONTROLS, "DropdownView", VERSION_2] },
      { ...DESCRIBED_DEFAULTS, _options_labels: labels, disabled: false, index: chosen },
      layoutAndStyle(rest, "DescriptionStyleModel"),
    );
    this.#values = values;
  }

  protected override validate(state: WireState): WireState {
    checkDom("Dropdown", state);
    flag("Dropdown", "disabled", state["disabled"]);
    const count = (state["_options_labels"] as unknown[]).length;
    const index = state["index"];
    if (index !== null && (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count)) {
      throw new WidgetValueError(`Dropdown: index must be null or an integer in [0, ${count - 1}], got ${show(index)}`);
    }
    return state;
  }

  protected override changesOf(key: string, old: unknown, next: unknown): Omit<Change, "owner">[] {
    const changes = super.changesOf(key, old, next);
    if (key !== "index") return changes;
    const at = (i: unknown) => (typeof i === "number" ? i : -1);
    const labels = this.labels;
    return [
      ...changes,
      { name: "value", old: this.#values[at(old)] ?? null, new: this.#values[at(next)] ?? null },
      { name: "label", old: labels[at(old)] ?? null, new: labels[at(next)] ?? null },
    ];
  }

  /** The chosen value (null when nothing is chosen). Setting it to a value not among the options throws. */
  get value(): T | null {
    const index = this.get("index") as number | null;
    return index === null ? null : (this.#values[index] as T);
  }

  set value(value: T | null) {
    if (value === null) {
      void this.set({ index: null });
      return;
    }
    const index = this.#values.indexOf(value);
    if (index < 0) throw new WidgetValueError(`Dropdown: value ${show(value)} is not one of the options (${this.#values.map((v) => show(v)).join(", ")})`);
    void this.set({ index });
  }

  /** The chosen option's label. */
  get label(): string | null {
    const index = this.get("index") as number | null;
    return index === null ? null : (this.labels[index] ?? null);
  }

  /** The options' labels, in order. */
  get labels(): readonly string[] {
    return this.get("_options_labels") as string[];
  }

  protected override describe(): string {
    return `Dropdown(value=${show(this.value)}, options=${show(this.labels)})`;
  }
}
export interface Dropdown<T> {
  /** The chosen index, or null. */
  index: number | null;
  description: string;
  disabled: boolean;
  readonly layout: WidgetLayout;
  readonly style: WidgetStyle;
}
defineProperties(Dropdown, ["index", "description", "disabled", "layout", "style"]);
