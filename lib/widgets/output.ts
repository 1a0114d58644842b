/**
 * `Output` (@jupyter-widgets/output 1.0.0): a widget that shows captured output. Inside
 * `out.capture(fn)`, what `fn` prints (`console.log`), displays (`display()`, figures) and
 * clears goes into the widget's `outputs` state instead of the cell, also from the callbacks
 * `fn` starts. A display with a `displayId` is replaced in place by its update.
 */
import { OUTPUT, Widget, defineProperties } from "./widget.js";
import type { WireState } from "./widget.js";
import { outputCapture } from "./hooks.js";
import type { CapturedOutput } from "./hooks.js";
import { layoutAndStyle } from "./layout.js";
import type { WidgetLayout } from "./layout.js";
import { DOM_DEFAULTS } from "./dom.js";
import type { DomOptions } from "./dom.js";
import { WidgetValueError } from "./checks.js";

/** An output as nbformat stores it. */
export type NotebookOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> };

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/**
 * A box of output that code can fill and replace.
 * @example const out = new Output(); out.capture(() => console.log("inside the widget"));
 */
export class Output extends Widget {
  /** The display id of each output (undefined for those without one). */
  #ids: (string | undefined)[] = [];
  #clearOnNext = false;
  /** Outputs taken but not yet sent: many prints in a row go out as one update. */
  #draft: NotebookOutput[] | undefined;

  constructor(options: DomOptions = {}) {
    super(
      { model: [OUTPUT, "OutputModel", "1.0.0"], view: [OUTPUT, "OutputView", "1.0.0"] },
      { ...DOM_DEFAULTS, msg_id: "", outputs: [] },
      layoutAndStyle(options),
    );
  }

  protected override validate(state: WireState): WireState {
    if (!Array.isArray(state["outputs"])) throw new WidgetValueError(`Output: outputs must be an array, got ${JSON.stringify(state["outputs"])}`);
    return state;
  }

  /** What the widget shows, in nbformat's shapes. */
  get outputs(): readonly NotebookOutput[] {
    return this.#draft ?? (this.get("outputs") as NotebookOutput[]);
  }

  /**
   * Run `fn` with its output going into this widget (a promise it returns too, and what it
   * starts). Outside a kernel `fn` just runs.
   */
  capture<T>(fn: () => T): T {
    const capture = outputCapture();
    return capture === undefined ? fn() : capture((output) => this.#take(output), fn);
  }

  /** Remove everything shown; with `wait`, only when the next output arrives (no flicker). */
  clear(options: { wait?: boolean } = {}): void {
    if (options.wait) {
      this.#clearOnNext = true;
      return;
    }
    this.#clearOnNext = false;
    this.#ids = [];
    this.#draft = undefined;
    void this.set({ outputs: [] });
  }

  /** Show `text` as printed to stdout. */
  appendStdout(text: string): void {
    this.#take({ output_type: "stream", name: "stdout", text: String(text) });
  }

  /** Show `text` as printed to stderr. */
  appendStderr(text: string): void {
    this.#take({ output_type: "stream", name: "stderr", text: String(text) });
  }

  /** Show a value: a displayable's own MIME bundle, anything else as text. */
  appendDisplay(value: unknown): void {
    const method = (value as Record<symbol, unknown> | null | undefined)?.[JUPYTER_DISPLAY];
    const data = typeof method === "function" ? (method.call(value) as Record<string, unknown>) : { "text/plain": String(value) };
    this.#take({ output_type: "display_data", data, metadata: {} });
  }

  /** True while a `clear({ wait: true })` waits for output. */
  get clearPending(): boolean {
    return this.#clearOnNext;
  }

  #take(output: CapturedOutput): void {
    if (output.output_type === "clear_output") {
      this.clear({ wait: output.wait });
      return;
    }
    let outputs = [...this.outputs];
    if (this.#clearOnNext) {
      this.#clearOnNext = false;
      outputs = [];
      this.#ids = [];
    }
    if (output.output_type === "stream") {
      const last = outputs[outputs.length - 1];
      if (last?.output_type === "stream" && last.name === output.name) outputs[outputs.length - 1] = { ...last, text: last.text + output.text };
      else {
        outputs.push({ output_type: "stream", name: output.name, text: output.text });
        this.#ids.push(undefined);
      }
    } else {
      const entry: NotebookOutput = { output_type: "display_data", data: output.data, metadata: output.metadata };
      if (output.update) {
        // an update replaces every output with its display id, and adds none
        this.#ids.forEach((id, i) => {
          if (id === output.displayId) outputs[i] = entry;
        });
      } else {
        outputs.push(entry);
        this.#ids.push(output.displayId);
      }
    }
    if (this.#draft === undefined) {
      queueMicrotask(() => {
        const draft = this.#draft;
        this.#draft = undefined;
        if (draft !== undefined) void this.set({ outputs: draft });
      });
    }
    this.#draft = outputs;
  }

  protected override describe(): string {
    return `Output(${this.outputs.length} outputs)`;
  }
}
export interface Output {
  readonly layout: WidgetLayout;
}
defineProperties(Output, ["layout"]);
