/**
 * Comms, both ways: the registry of comm targets and open comms. The handler table hands it the
 * frontend's comm_open, comm_msg and comm_close; user code (and tsdl's widgets) reaches it
 * through the object the kernel puts at `globalThis[Symbol.for("Jupyter.comms")]`, so the
 * library never imports the kernel. Messages the kernel sends go on iopub under the request
 * that is running (a cell, or the frontend's comm message whose handler sent them).
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#custom-messages
 */
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import type { Broadcasts, Message, Requests } from "./messages.js";
import type { Extras } from "./output.js";

/** Where the comm manager lives on globalThis. */
export const JUPYTER_COMMS = Symbol.for("Jupyter.comms");

/** What one comm message brings: its data, metadata and binary buffers. */
export interface CommMessage {
  data: unknown;
  metadata: Record<string, unknown>;
  buffers: Uint8Array[];
}

/** Options of a message the kernel sends on a comm. */
export interface SendOptions {
  metadata?: Record<string, unknown>;
  buffers?: Uint8Array[];
}

/** One open comm: a two-way channel to one frontend object. */
export interface Comm {
  readonly commId: string;
  readonly targetName: string;
  /** True once either side closed it. */
  readonly closed: boolean;
  /** Send `data` (JSON) and binary `buffers` to the frontend. */
  send(data: unknown, options?: SendOptions): void;
  /** Close the comm from the kernel's side (the frontend is told). */
  close(data?: unknown, options?: SendOptions): void;
  /** Call `handler` with each message the frontend sends on this comm; it may return a promise. */
  onMsg(handler: (message: CommMessage) => unknown): void;
  /** Call `handler` when the frontend closes this comm. */
  onClose(handler: (message: CommMessage) => unknown): void;
}

/** Called when the frontend opens a comm to a registered target. */
export type CommTarget = (comm: Comm, open: CommMessage) => unknown;

/** The comm API user code sees at `globalThis[Symbol.for("Jupyter.comms")]`. */
export interface CommManager {
  /** Open a comm to the frontend's `targetName`. */
  open(targetName: string, data?: unknown, options?: SendOptions & { commId?: string }): Comm;
  /** Accept the frontend's comm_open messages for `targetName` (replacing an earlier handler). */
  registerTarget(targetName: string, handler: CommTarget): void;
  unregisterTarget(targetName: string): void;
}

/** What the handler table calls. */
export interface Comms {
  readonly manager: CommManager;
  opened(request: Message<Requests["comm_open"]>): Promise<void>;
  received(request: Message<Requests["comm_msg"]>): Promise<void>;
  closed(request: Message<Requests["comm_close"]>): Promise<void>;
  /** Open comms by id, only those of `targetName` when it is given (comm_info_reply's `comms`). */
  info(targetName?: string): Record<string, { target_name: string }>;
}

export class CommError extends Error {
  override name = "CommError";
}

type CommBroadcast = "comm_open" | "comm_msg" | "comm_close";

export interface CommsDeps {
  /** Publish on iopub under the request running now. */
  publish<K extends CommBroadcast>(type: K, content: Broadcasts[K], extras?: Extras): void;
  /** Run `fn` as part of the frontend's `request`: what it prints or sends goes under that request. */
  runIn<T>(request: Message, fn: () => T): T;
  log(text: string): void;
}

interface OpenComm extends Comm {
  deliver(kind: "msg" | "close", message: CommMessage): Promise<void>;
}

export function createComms(deps: CommsDeps): Comms {
  const targets = new Map<string, CommTarget>();
  const open = new Map<string, OpenComm>();

  function makeComm(commId: string, targetName: string): OpenComm {
    const handlers = { msg: [] as ((m: CommMessage) => unknown)[], close: [] as ((m: CommMessage) => unknown)[] };
    let closed = false;
    const comm: OpenComm = {
      commId,
      targetName,
      get closed() {
        return closed;
      },
      send(data, options = {}) {
        if (closed) throw new CommError(`comm '${commId}' (${targetName}) is closed; it cannot send ${inspect(data, { depth: 1 })}`);
        deps.publish("comm_msg", { comm_id: commId, data: data ?? {} }, options);
      },
      close(data, options = {}) {
        if (closed) return;
        closed = true;
        open.delete(commId);
        deps.publish("comm_close", { comm_id: commId, data: data ?? {} }, options);
      },
      onMsg: (handler) => void handlers.msg.push(handler),
      onClose: (handler) => void handlers.close.push(handler),
      async deliver(kind, message) {
        if (kind === "close") {
          closed = true;
          open.delete(commId);
        }
        for (const handler of handlers[kind]) await handler(message);
      },
    };
    open.set(commId, comm);
    return comm;
  }

  const manager: CommManager = {
    open(targetName, data = {}, options = {}) {
      if (typeof targetName !== "string" || targetName === "") throw new CommError(`comms.open: the target name must be a non-empty string, got ${inspect(targetName)}`);
      const commId = options.commId ?? randomUUID();
      if (open.has(commId)) throw new CommError(`comms.open: a comm '${commId}' is already open`);
      const comm = makeComm(commId, targetName);
      deps.publish("comm_open", { comm_id: commId, target_name: targetName, data }, options);
      return comm;
    },
    registerTarget(targetName, handler) {
      if (typeof handler !== "function") throw new CommError(`comms.registerTarget('${targetName}'): the handler must be a function, got ${inspect(handler)}`);
      targets.set(targetName, handler);
    },
    unregisterTarget: (targetName) => void targets.delete(targetName),
  };

  const messageOf = (request: Message<{ data?: unknown }>): CommMessage => ({
    data: request.content.data ?? {},
    metadata: request.metadata,
    buffers: request.buffers ?? [],
  });

  /** A handler's error is shown under the request that caused it and logged; the kernel goes on. */
  async function guarded(request: Message, what: string, fn: () => unknown): Promise<void> {
    await deps.runIn(request, async () => {
      try {
        await fn();
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        deps.log(`comms: ${what} failed: ${e.stack ?? e.message}`);
        console.error(`${what} failed: ${e.name}: ${e.message}`);
      }
    });
  }

  return {
    manager,
    async opened(request) {
      const { comm_id: commId, target_name: targetName } = request.content;
      const target = targets.get(targetName);
      if (typeof commId !== "string" || target === undefined || open.has(commId)) {
        const why = typeof commId !== "string" ? `no string comm_id (${inspect(commId)})`
          : open.has(commId) ? `comm '${commId}' is already open`
          : `no target '${targetName}' is registered (registered: ${[...targets.keys()].map((t) => `'${t}'`).join(", ") || "none"})`;
        deps.log(`comms: comm_open refused: ${why}`);
        if (typeof commId === "string" && !open.has(commId)) deps.runIn(request, () => deps.publish("comm_close", { comm_id: commId, data: {} }));
        return;
      }
      const comm = makeComm(commId, targetName);
      await guarded(request, `the '${targetName}' target's handler for comm_open ${commId}`, () => target(comm, messageOf(request)));
    },
    async received(request) {
      const comm = open.get(request.content.comm_id);
      if (comm === undefined) {
        deps.log(`comms: comm_msg for comm ${inspect(request.content.comm_id)}, which is not open; dropped`);
        return;
      }
      await guarded(request, `a comm_msg handler of comm ${comm.commId} (${comm.targetName})`, () => comm.deliver("msg", messageOf(request)));
    },
    async closed(request) {
      const comm = open.get(request.content.comm_id);
      if (comm === undefined) {
        deps.log(`comms: comm_close for comm ${inspect(request.content.comm_id)}, which is not open; ignored`);
        return;
      }
      await guarded(request, `a comm_close handler of comm ${comm.commId} (${comm.targetName})`, () => comm.deliver("close", messageOf(request)));
    },
    info(targetName) {
      const comms: Record<string, { target_name: string }> = {};
      for (const comm of open.values()) {
        if (targetName === undefined || comm.targetName === targetName) comms[comm.commId] = { target_name: comm.targetName };
      }
      return comms;
    },
  };
}
