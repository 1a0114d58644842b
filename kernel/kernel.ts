/**
 * The kernel's behaviour, free of sockets and of TypeScript: a typed handler table keyed by
 * `msg_type` (the compiler checks every request type has one), busy/idle around each
 * request, the execution count, `stop_on_error` aborting queued cells, and history. Shell
 * requests queue on their shell or subshell (subshells.ts), each with its own count.
 * Output produced while a cell runs is the engine's business; this file only orders it.
 */
import { History } from "./history.js";
import { makeMessage, replyType } from "./messages.js";
import { kernelInfo } from "./kernel-info.js";
import type { Broadcasts, Channel, ErrorContent, Message, MimeBundle, Replies, RequestType, Requests } from "./messages.js";
import { fromCodePoints, toCodePoints } from "./code-points.js";
import { createShells } from "./subshells.js";
import type { Shell } from "./subshells.js";
import type { Comms } from "./comms.js";

/** What a cell run came to. */
export type Outcome =
  | { status: "ok"; result?: { data: MimeBundle; metadata: Record<string, unknown> } }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

/** A user expression's value as display data, or the error evaluating it raised. */
export type ExpressionValue = { status: "ok"; data: MimeBundle; metadata: Record<string, unknown> } | ErrorContent;

/** Everything language-specific the kernel needs. Offsets here are UTF-16 string indices. */
export interface Engine {
  readonly languageVersion: string;
  /** Run a cell; `executionCount` is the count its reply carries (it names the cell in errors). */
  execute(code: string, options: { allowStdin: boolean; parent: Message; executionCount: number }): Promise<Outcome>;
  /** Evaluate `user_expressions` (name → expression) after a cell, in its variables. */
  evaluate(expressions: Record<string, string>, options: { parent: Message }): Promise<Record<string, ExpressionValue>>;
  complete(code: string, cursor: number): Promise<{ matches: string[]; start: number; end: number }>;
  inspect(code: string, cursor: number, detailLevel: 0 | 1): Promise<MimeBundle | undefined>;
  isComplete(code: string): Promise<{ status: "complete" | "incomplete" | "invalid"; indent?: string }>;
  interrupt(): void;
}

export interface KernelDeps {
  session: string;
  engine: Engine;
  /** The comm registry (comms.ts): the frontend's comm messages go there. */
  comms: Comms;
  /** Hand a finished message to the sockets. */
  send(channel: Channel, message: Message): void;
  /** Resolves once every request that reached the sockets before the call has been handed to `handle`. */
  barrier(): Promise<void>;
  /** Flush buffered stream output (called before every reply and idle). */
  flush(): void;
  /** Stop the process (after the shutdown reply went out). */
  shutdown(restart: boolean): void;
  log(text: string): void;
}

/** The frontend's comm messages: they run beside the main shell's cells, not behind them. */
const COMM_MESSAGES = new Set<string>(["comm_open", "comm_msg", "comm_close"] satisfies RequestType[]);

type Handler<K extends RequestType> = (request: Message<Requests[K]>, shell: Shell) => Promise<void>;
type HandlerTable = { [K in RequestType]: Handler<K> };

export interface Kernel {
  /** Accept a verified request from a channel. Each shell's requests run one at a time, in order. */
  handle(channel: "shell" | "control", request: Message): void;
  /** Resolves when every queued shell request has been answered. */
  drained(): Promise<void>;
  /** The main shell's execution count. */
  readonly executionCount: number;
}

export function createKernel(deps: KernelDeps): Kernel {
  const { engine, session } = deps;
  const history = new History();
  const shells = createShells({
    run: (shell, request) => dispatch("shell", request, shell),
    barrier: deps.barrier,
    // a widget's message (a Stop button's click) reaches a cell that awaits, also without subshells
    besideMain: (request) => COMM_MESSAGES.has(request.header.msg_type),
  });

  const publish = <K extends keyof Broadcasts>(type: K, content: Broadcasts[K], parent: Message) =>
    deps.send("iopub", makeMessage(type, content, parent, session));
  const reply = <K extends keyof Replies>(channel: Channel, type: K, content: Replies[K] | object, parent: Message) =>
    deps.send(channel, makeMessage(type, content, parent, session) as Message);

  const handlers = (channel: Channel): HandlerTable => ({
    kernel_info_request: async (request) => reply(channel, "kernel_info_reply", kernelInfo(engine.languageVersion), request),
    execute_request: async (request, shell) => {
      const { code, silent = false, allow_stdin = false, stop_on_error = true, user_expressions = {} } = request.content;
      const evaluate = () => engine.evaluate(user_expressions, { parent: request });
      const storeHistory = silent ? false : request.content.store_history ?? true;
      if (shell.aborting) {
        reply(channel, "execute_reply", { status: "aborted", execution_count: shell.executionCount }, request);
        return;
      }
      if (storeHistory) shell.executionCount += 1;
      const count = shell.executionCount;
      if (!silent) publish("execute_input", { code, execution_count: count }, request);
      const help = /^\s*\?\s*(\S[\s\S]*?)\s*$/.exec(code)?.[1];
      if (help !== undefined) {
        // `?name` pages the type and doc comment of `name` (as IPython's `?name` does).
        const data = (await engine.inspect(help, help.length, 1)) ?? { "text/plain": `no type information for '${help}'` };
        if (storeHistory) history.add(count, code, undefined);
        const payload = [{ source: "page", data, start: 0 }];
        reply(channel, "execute_reply", { status: "ok", execution_count: count, payload, user_expressions: await evaluate() }, request);
        return;
      }
      const outcome = await engine.execute(code, { allowStdin: allow_stdin, parent: request, executionCount: count });
      deps.flush(); // what the cell printed comes before its result or error
      if (storeHistory) history.add(count, code, outcome.status === "ok" ? outcome.result?.data["text/plain"] : undefined);
      if (outcome.status === "ok") {
        if (outcome.result !== undefined && !silent) {
          publish("execute_result", { execution_count: count, ...outcome.result }, request);
        }
        const expressions = await evaluate();
        deps.flush();
        reply(channel, "execute_reply", { status: "ok", execution_count: count, payload: [], user_expressions: expressions }, request);
        return;
      }
      const { ename, evalue, traceback } = outcome;
      publish("error", { ename, evalue, traceback }, request);
      reply(channel, "execute_reply", { ...outcome, execution_count: count }, request);
      if (stop_on_error) shell.startAborting();
    },
    inspect_request: async (request) => {
      const { code, cursor_pos, detail_level = 0 } = request.content;
      const data = await engine.inspect(code, fromCodePoints(code, cursor_pos), detail_level);
      reply(channel, "inspect_reply", { status: "ok", found: data !== undefined, data: data ?? {}, metadata: {} }, request);
    },
    complete_request: async (request) => {
      const { code, cursor_pos } = request.content;
      const { matches, start, end } = await engine.complete(code, fromCodePoints(code, cursor_pos));
      reply(channel, "complete_reply", {
        status: "ok",
        matches,
        cursor_start: toCodePoints(code, start),
        cursor_end: toCodePoints(code, end),
        metadata: {},
      }, request);
    },
    history_request: async (request) => reply(channel, "history_reply", { status: "ok", history: history.query(request.content) }, request),
    is_complete_request: async (request) => reply(channel, "is_complete_reply", await engine.isComplete(request.content.code), request),
    comm_info_request: async (request) => {
      const target = request.content.target_name;
      reply(channel, "comm_info_reply", { status: "ok", comms: deps.comms.info(typeof target === "string" ? target : undefined) }, request);
    },
    comm_open: (request) => deps.comms.opened(request),
    comm_msg: (request) => deps.comms.received(request),
    comm_close: (request) => deps.comms.closed(request),
    shutdown_request: async (request) => {
      reply(channel, "shutdown_reply", { status: "ok", restart: Boolean(request.content.restart) }, request);
      deps.shutdown(Boolean(request.content.restart));
    },
    interrupt_request: async (request) => {
      engine.interrupt(); // every shell's cell
      reply(channel, "interrupt_reply", { status: "ok" }, request);
    },
    create_subshell_request: async (request) => reply(channel, "create_subshell_reply", { status: "ok", subshell_id: shells.create() }, request),
    delete_subshell_request: async (request) => {
      shells.delete(request.content.subshell_id);
      reply(channel, "delete_subshell_reply", { status: "ok" }, request);
    },
    list_subshell_request: async (request) => reply(channel, "list_subshell_reply", { status: "ok", subshell_id: shells.list() }, request),
  });
  const shellHandlers = handlers("shell");
  const controlHandlers = handlers("control");

  async function dispatch(channel: "shell" | "control", request: Message, shell: Shell): Promise<void> {
    const type = request.header.msg_type;
    const table = channel === "shell" ? shellHandlers : controlHandlers;
    if (!Object.hasOwn(table, type)) {
      deps.log(`kernel: ignoring unknown msg_type '${type}' on ${channel}`);
      return;
    }
    publish("status", { execution_state: "busy" }, request);
    try {
      await (table[type as RequestType] as Handler<RequestType>)(request as Message<never>, shell);
    } catch (error) {
      failed(channel, request, error, shell);
    }
    deps.flush();
    publish("status", { execution_state: "idle" }, request);
  }

  /** A request whose handling threw is answered with an error reply (if it is a request). */
  function failed(channel: "shell" | "control", request: Message, error: unknown, shell: Shell): void {
    const type = request.header.msg_type;
    deps.log(`kernel: ${type} failed: ${(error as Error)?.stack ?? String(error)}`);
    if (!type.endsWith("_request")) return;
    const e = error as Error;
    deps.flush();
    reply(channel, replyType(type) as keyof Replies, {
      status: "error",
      ename: e?.name ?? "Error",
      evalue: e?.message ?? String(error),
      traceback: [String(e?.stack ?? error)],
      execution_count: shell.executionCount,
    }, request);
  }

  return {
    handle(channel, request) {
      if (channel === "control") {
        void dispatch("control", request, shells.main);
        return;
      }
      try {
        shells.push(request);
      } catch (error) {
        failed("shell", request, error, shells.main); // a subshell this kernel does not have
      }
    },
    drained: () => shells.drained(),
    get executionCount() {
      return shells.main.executionCount;
    },
  };
}
