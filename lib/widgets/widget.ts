/**
 * The widget model: a state synced with the frontend over a `jupyter.widget` comm (ipywidgets'
 * protocol 2.1). The state is kept under the protocol's snake_case names; the typed properties
 * each widget declares (`slider.readoutFormat`) read and write it. A change made in the kernel
 * is sent as an `update`; one the frontend sends is echoed back (`echo_update`), applied, and
 * not sent back again unless validation changed it. Observers run after the change is sent.
 * @see https://github.com/jupyter-widgets/ipywidgets/blob/main/packages/schema/messages.md
 */
import { commManager } from "./hooks.js";
import type { Comm, CommManager, CommMessage } from "./hooks.js";
import { putBuffers, removeBuffers } from "./buffers.js";
import { WidgetError } from "./checks.js";

/** The protocol version this library speaks (ipywidgets 8). */
export const PROTOCOL_VERSION = "2.1.0";
export const WIDGET_TARGET = "jupyter.widget";
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** A model's and view's module, name and version (the state's `_model_*` and `_view_*`). */
export interface ModelSpec {
  model: [module: string, name: string, version: string];
  view: [module: string, name: string | null, version: string];
}
export const CONTROLS = "@jupyter-widgets/controls";
export const BASE = "@jupyter-widgets/base";
export const OUTPUT = "@jupyter-widgets/output";
export const VERSION_2 = "2.0.0";

export type WireState = Record<string, unknown>;

/** One change of one property, as observers see it. */
export interface Change<T = unknown> {
  /** The property's name as this library spells it (`readoutFormat`). */
  name: string;
  old: T;
  new: T;
  owner: Widget;
}
export type Observer<T = unknown> = (change: Change<T>) => unknown;

/** `readout_format` → `readoutFormat`. */
export const toCamel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** `readoutFormat` → `readout_format`. */
export const toSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const live = new Map<string, Widget>();

/** Every widget with an open comm, by model id (what `request_states` answers with). */
export function liveWidgets(): ReadonlyMap<string, Widget> {
  return live;
}

const toWire = (value: unknown): unknown =>
  value instanceof Widget ? `IPY_MODEL_${value.modelId}`
  : Array.isArray(value) ? value.map(toWire)
  : value;

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(toWire(a)) === JSON.stringify(toWire(b));

let detachedIds = 0;

/**
 * The base of every widget. Subclasses give their model spec, their defaults (from
 * `@jupyter-widgets/schema`) and a `validate` that checks or coerces a whole next state.
 */
export abstract class Widget {
  /** The id of the model, which is the id of its comm. */
  readonly modelId: string;
  readonly #state: WireState;
  readonly #comm: Comm | undefined;
  readonly #observers = new Set<{ names: Set<string> | undefined; handler: Observer }>();
  /** Keys and values the frontend just sent: not sent back while they are being applied. */
  #lock: WireState | undefined;
  /** Names of the state that hold widget references, which the frontend may not set. */
  protected readonly references: ReadonlySet<string> = new Set(["layout", "style", "children"]);

  protected constructor(spec: ModelSpec, defaults: WireState, options: object = {}) {
    const known = new Set(Object.keys(defaults).filter((k) => !k.startsWith("_")).map(toCamel));
    const given: WireState = {};
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined) continue;
      if (!known.has(key)) {
        throw new WidgetError(`${this.constructor.name}: unknown option '${key}' (options: ${[...known].sort().join(", ")})`);
      }
      given[toSnake(key)] = value;
    }
    const [modelModule, modelName, modelVersion] = spec.model;
    const [viewModule, viewName, viewVersion] = spec.view;
    this.#state = this.validate({
      _model_module: modelModule,
      _model_name: modelName,
      _model_module_version: modelVersion,
      _view_module: viewModule,
      _view_name: viewName,
      _view_module_version: viewVersion,
      ...defaults,
      ...given,
    });
    const manager = commManager();
    if (manager === undefined) {
      this.modelId = `detached-${++detachedIds}`;
      return;
    }
    answerStateRequests(manager);
    const { state, bufferPaths, buffers } = removeBuffers(this.wireState());
    this.#comm = manager.open(WIDGET_TARGET, { state, buffer_paths: bufferPaths }, { metadata: { version: PROTOCOL_VERSION }, buffers });
    this.modelId = this.#comm.commId;
    live.set(this.modelId, this);
    this.#comm.onMsg((message) => this.#received(message));
    this.#comm.onClose(() => void live.delete(this.modelId));
  }

  /** Check (and coerce) a whole next state; throw a `WidgetValueError` naming the bad value. */
  protected validate(state: WireState): WireState {
    return state;
  }

  /** The state as JSON for the wire (references as `IPY_MODEL_<id>`; binary values still in place). */
  wireState(keys: readonly string[] = Object.keys(this.#state)): WireState {
    return Object.fromEntries(keys.map((k) => [k, toWire(this.#state[k])]));
  }

  /** A value of the state, by its protocol name. */
  protected get(name: string): unknown {
    return this.#state[name];
  }

  /** Change the state (protocol names), send what changed, then tell the observers. Returns their promises. */
  protected set(patch: WireState): Promise<unknown>[] {
    const next = this.validate({ ...this.#state, ...patch });
    const changed = Object.keys(next).filter((k) => !same(next[k], this.#state[k]));
    if (changed.length === 0) return [];
    const old = Object.fromEntries(changed.map((k) => [k, this.#state[k]]));
    for (const k of changed) this.#state[k] = next[k];
    const lock = this.#lock;
    const toSend = changed.filter((k) => lock === undefined || !(k in lock) || !same(lock[k], next[k]));
    if (toSend.length > 0) this.#send("update", this.wireState(toSend));
    const pending: Promise<unknown>[] = [];
    for (const k of changed) {
      for (const change of this.changesOf(k, old[k], next[k])) {
        for (const { names, handler } of [...this.#observers]) {
          if (names !== undefined && !names.has(change.name)) continue;
          const result = handler({ ...change, owner: this });
          if (result instanceof Promise) pending.push(result);
        }
      }
    }
    return pending;
  }

  /** The changes observers see when the state's `key` changed (a Dropdown's `index` also changes its `value`). */
  protected changesOf(key: string, old: unknown, next: unknown): Omit<Change, "owner">[] {
    return [{ name: toCamel(key), old, new: next }];
  }

  /**
   * Call `handler` after each change of the properties `names` (all when omitted), from the
   * kernel or the frontend. Returns a function that stops it.
   * @example slider.observe((change) => console.log(change.new), "value");
   */
  observe(handler: Observer, names?: string | readonly string[]): () => void {
    if (typeof handler !== "function") throw new WidgetError(`${this.constructor.name}.observe: the handler must be a function, got ${String(handler)}`);
    const list = names === undefined ? undefined : typeof names === "string" ? [names] : names;
    const entry = { names: list === undefined ? undefined : new Set(list), handler };
    this.#observers.add(entry);
    return () => void this.#observers.delete(entry);
  }

  /** Close the widget's comm: the frontend drops its views. */
  close(): void {
    this.#comm?.close();
    live.delete(this.modelId);
  }

  /** True while the widget has an open comm to a frontend. */
  get connected(): boolean {
    return this.#comm !== undefined && !this.#comm.closed;
  }

  /** Send a `custom` message to the frontend's model. */
  protected sendCustom(content: unknown, buffers?: Uint8Array[]): void {
    this.#comm?.send({ method: "custom", content }, buffers === undefined ? {} : { buffers });
  }

  /** A `custom` message from the frontend (Button's clicks); widgets that expect one override this. */
  protected onCustom(content: unknown, _buffers: Uint8Array[]): unknown {
    throw new WidgetError(`${this.constructor.name}: unexpected custom message ${JSON.stringify(content)}`);
  }

  #send(method: "update" | "echo_update", wire: WireState): void {
    if (this.#comm === undefined || this.#comm.closed) return;
    const { state, bufferPaths, buffers } = removeBuffers(wire);
    this.#comm.send({ method, state, buffer_paths: bufferPaths }, { buffers });
  }

  async #received(message: CommMessage): Promise<void> {
    const data = message.data as { method?: unknown; state?: unknown; buffer_paths?: unknown; content?: unknown };
    switch (data.method) {
      case "update": {
        if (typeof data.state !== "object" || data.state === null) throw new WidgetError(`${this.constructor.name}: update without a state object: ${JSON.stringify(data)}`);
        const state = { ...(data.state as WireState) };
        putBuffers(state, data.buffer_paths, message.buffers);
        const unknown = Object.keys(state).filter((k) => !(k in this.#state) || this.references.has(k));
        for (const k of unknown) delete state[k];
        if (Object.keys(state).length > 0) this.#send("echo_update", state);
        this.#lock = state;
        let pending: Promise<unknown>[];
        try {
          pending = this.set(state);
        } finally {
          this.#lock = undefined;
        }
        await Promise.all(pending);
        if (unknown.length > 0) throw new WidgetError(`${this.constructor.name}: the frontend sent state it cannot set: ${unknown.join(", ")}`);
        return;
      }
      case "request_state":
        this.#send("update", this.wireState());
        return;
      case "custom":
        await this.onCustom(data.content, message.buffers);
        return;
      default:
        throw new WidgetError(`${this.constructor.name}: unknown widget message method ${JSON.stringify(data.method)}`);
    }
  }

  /** How the widget prints outside a notebook view. */
  protected describe(): string {
    const value = this.#state["value"];
    return `${this.constructor.name}(${value === undefined ? "" : `value=${JSON.stringify(toWire(value))}`})`;
  }

  [JUPYTER_DISPLAY](): Record<string, unknown> {
    const text = this.describe();
    if (!this.connected) return { "text/plain": text };
    return { "text/plain": text, [WIDGET_VIEW_MIME]: { version_major: 2, version_minor: 0, model_id: this.modelId } };
  }
}

/** Give each widget class typed properties over its state: `value` reads and writes `value`, `readoutFormat` `readout_format`. */
export function defineProperties(widgetClass: { prototype: Widget }, names: readonly string[]): void {
  for (const name of names) {
    const wire = toSnake(name);
    Object.defineProperty(widgetClass.prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: Widget) {
        return (this as unknown as { get(n: string): unknown }).get(wire);
      },
      set(this: Widget, value: unknown) {
        void (this as unknown as { set(p: WireState): unknown }).set({ [wire]: value });
      },
    });
  }
}

const answering = new WeakSet<CommManager>();

/**
 * The `jupyter.widget.control` target: a frontend that opens it and sends `request_states`
 * gets every live widget's state in one `update_states` message.
 */
function answerStateRequests(manager: CommManager): void {
  if (answering.has(manager)) return;
  answering.add(manager);
  manager.registerTarget("jupyter.widget.control", (comm) => {
    comm.onMsg((message) => {
      const method = (message.data as { method?: unknown }).method;
      if (method !== "request_states") throw new WidgetError(`jupyter.widget.control: unknown method ${JSON.stringify(method)}`);
      const states: WireState = {};
      for (const [id, widget] of live) {
        const state = widget.wireState();
        states[id] = {
          model_name: state["_model_name"],
          model_module: state["_model_module"],
          model_module_version: state["_model_module_version"],
          state,
        };
      }
      const { state, bufferPaths, buffers } = removeBuffers(states);
      comm.send({ method: "update_states", states: state, buffer_paths: bufferPaths }, { buffers });
    });
  });
}
