/**
 * The handler table driven with a fake engine and no sockets: what goes out, on which
 * channel, in which order, for each request type.
 */
import assert from "node:assert/strict";
import { createKernel } from "../../kernel/kernel.js";
import type { Engine, Outcome } from "../../kernel/kernel.js";
import { makeMessage } from "../../kernel/messages.js";
import { createComms } from "../../kernel/comms.js";
import type { Channel, Message } from "../../kernel/messages.js";

interface Sent {
  channel: Channel;
  type: string;
  parent: string | undefined;
  content: Record<string, unknown>;
}

function fakeEngine(outcomes: Record<string, Outcome> = {}): Engine & { ran: string[]; interrupts: number } {
  const engine = {
    ran: [] as string[],
    async evaluate(expressions: Record<string, string>) {
      engine.ran.push(...Object.values(expressions).map((e) => `expression ${e}`));
      return Object.fromEntries(Object.entries(expressions).map(([name, e]) => [name, { status: "ok" as const, data: { "text/plain": e.toUpperCase() }, metadata: {} }]));
    },
    interrupts: 0,
    languageVersion: "5.0.4",
    async execute(code: string) {
      engine.ran.push(code);
      return outcomes[code] ?? { status: "ok" as const };
    },
    async complete(code: string, cursor: number) {
      return { matches: [`${code.slice(0, cursor)}!`], start: 0, end: cursor };
    },
    async inspect(code: string) {
      return code === "known" ? { "text/plain": "a doc" } : undefined;
    },
    async isComplete(code: string) {
      return code.endsWith("{") ? { status: "incomplete" as const, indent: "  " } : { status: "complete" as const };
    },
    interrupt() {
      engine.interrupts += 1;
    },
  };
  return engine;
}

function setup(outcomes: Record<string, Outcome> = {}) {
  const sent: Sent[] = [];
  const engine = fakeEngine(outcomes);
  let shutdowns = 0;
  let running: Message | undefined;
  const comms = createComms({
    publish: (type, content) => void sent.push({ channel: "iopub", type, parent: running?.header.msg_id, content: content as Record<string, unknown> }),
    runIn: (request, fn) => {
      running = request;
      return fn();
    },
    log: () => undefined,
  });
  const kernel = createKernel({
    session: "kernel-session",
    engine,
    comms,
    send: (channel, message) =>
      sent.push({
        channel,
        type: message.header.msg_type,
        parent: (message.parent_header as { msg_id?: string }).msg_id,
        content: message.content as Record<string, unknown>,
      }),
    barrier: () => Promise.resolve(),
    flush: () => undefined,
    shutdown: () => void (shutdowns += 1),
    log: () => undefined,
  });
  const request = (type: string, content: Record<string, unknown> = {}, channel: "shell" | "control" = "shell") => {
    const message = makeMessage(type, content, undefined, "client") as Message;
    message.identities = [Buffer.from("peer")];
    kernel.handle(channel, message);
    return message.header.msg_id;
  };
  return { kernel, sent, engine, request, shutdowns: () => shutdowns };
}

const ok = (text: string): Outcome => ({ status: "ok", result: { data: { "text/plain": text }, metadata: {} } });

describe("kernel/kernel handlers (fake engine)", () => {
  it("execute_request: busy, execute_input, execute_result, reply, idle — in that order", async () => {
    const { kernel, sent, request } = setup({ "1 + 1": ok("2") });
    const id = request("execute_request", { code: "1 + 1" });
    await kernel.drained();
    assert.deepEqual(sent.map((s) => `${s.channel}:${s.type}`), [
      "iopub:status", "iopub:execute_input", "iopub:execute_result", "shell:execute_reply", "iopub:status",
    ]);
    assert.ok(sent.every((s) => s.parent === id));
    assert.equal(sent[0]!.content["execution_state"], "busy");
    assert.deepEqual(sent[1]!.content, { code: "1 + 1", execution_count: 1 });
    assert.deepEqual(sent[2]!.content, { execution_count: 1, data: { "text/plain": "2" }, metadata: {} });
    assert.deepEqual(sent[3]!.content, { status: "ok", execution_count: 1, payload: [], user_expressions: {} });
    assert.equal(sent[4]!.content["execution_state"], "idle");
  });

  it("flushes what the cell printed before publishing its result", async () => {
    const order: string[] = [];
    const engine = fakeEngine({ x: ok("1") });
    const kernel = createKernel({
      session: "s", engine, barrier: () => Promise.resolve(), shutdown: () => undefined, log: () => undefined,
      comms: createComms({ publish: () => undefined, runIn: (_request, fn) => fn(), log: () => undefined }),
      send: (_channel, message) => order.push(message.header.msg_type),
      flush: () => order.push("flush"),
    });
    kernel.handle("shell", makeMessage("execute_request", { code: "x" }, undefined, "c") as Message);
    await kernel.drained();
    assert.ok(order.indexOf("flush") < order.indexOf("execute_result"), order.join(" "));
  });

  it("`?name` pages the engine's inspection in the execute_reply payload and runs nothing", async () => {
    const { kernel, sent, engine, request } = setup();
    request("execute_request", { code: "?known" });
    await kernel.drained();
    assert.deepEqual(engine.ran, []);
    const reply = sent.find((s) => s.type === "execute_reply")!.content;
    assert.deepEqual(reply["payload"], [{ source: "page", data: { "text/plain": "a doc" }, start: 0 }]);
  });

  it("counts executions only when stored, and silent cells publish nothing but status", async () => {
    const { kernel, sent, request } = setup({ x: ok("1") });
    request("execute_request", { code: "x" });
    request("execute_request", { code: "x", store_history: false });
    request("execute_request", { code: "x", silent: true });
    request("execute_request", { code: "x" });
    await kernel.drained();
    const replies = sent.filter((s) => s.type === "execute_reply").map((s) => s.content["execution_count"]);
    assert.deepEqual(replies, [1, 1, 1, 2]);
    assert.equal(sent.filter((s) => s.type === "execute_input").length, 3);
    assert.equal(sent.filter((s) => s.type === "execute_result").length, 3);
    assert.equal(kernel.executionCount, 2);
  });

  it("an error publishes `error`, replies with ename/evalue/traceback, and aborts the queued cells", async () => {
    const failure: Outcome = { status: "error", ename: "Error", evalue: "boom", traceback: ["Error: boom"] };
    const { kernel, sent, engine, request } = setup({ bad: failure });
    request("execute_request", { code: "bad" });
    request("execute_request", { code: "queued 1" });
    request("execute_request", { code: "queued 2" });
    await kernel.drained();
    request("execute_request", { code: "after" });
    await kernel.drained();
    assert.deepEqual(engine.ran, ["bad", "after"]);
    const replies = sent.filter((s) => s.type === "execute_reply").map((s) => s.content["status"]);
    assert.deepEqual(replies, ["error", "aborted", "aborted", "ok"]);
    const error = sent.find((s) => s.type === "error")!;
    assert.deepEqual(error.content, { ename: "Error", evalue: "boom", traceback: ["Error: boom"] });
    const reply = sent.find((s) => s.type === "execute_reply")!;
    assert.equal(reply.content["ename"], "Error");
    assert.equal(reply.content["execution_count"], 1);
  });

  it("user_expressions are evaluated after the cell, into the reply, and not after an error", async () => {
    const failure: Outcome = { status: "error", ename: "E", evalue: "v", traceback: [] };
    const { kernel, sent, engine, request } = setup({ bad: failure });
    request("execute_request", { code: "cell", user_expressions: { a: "x", b: "y" } });
    request("execute_request", { code: "bad", user_expressions: { c: "z" } });
    await kernel.drained();
    assert.deepEqual(engine.ran, ["cell", "expression x", "expression y", "bad"]);
    const replies = sent.filter((s) => s.type === "execute_reply").map((s) => s.content);
    assert.deepEqual(replies[0]!["user_expressions"], {
      a: { status: "ok", data: { "text/plain": "X" }, metadata: {} },
      b: { status: "ok", data: { "text/plain": "Y" }, metadata: {} },
    });
    assert.equal(replies[1]!["status"], "error");
  });

  it("stop_on_error: false lets the queue run on", async () => {
    const failure: Outcome = { status: "error", ename: "E", evalue: "v", traceback: [] };
    const { kernel, engine, request } = setup({ bad: failure });
    request("execute_request", { code: "bad", stop_on_error: false });
    request("execute_request", { code: "next" });
    await kernel.drained();
    assert.deepEqual(engine.ran, ["bad", "next"]);
  });

  it("kernel_info_reply names the language as the spec and jupyter_kernel_test expect", async () => {
    const { kernel, sent, request } = setup();
    request("kernel_info_request");
    await kernel.drained();
    const info = sent.find((s) => s.type === "kernel_info_reply")!.content as Record<string, any>;
    assert.equal(info["status"], "ok");
    assert.equal(info["protocol_version"], "5.5");
    assert.ok(info["supported_features"].includes("iopub_welcome"));
    assert.equal(info["implementation"], "tsdl");
    assert.deepEqual(info["language_info"], {
      name: "typescript", version: "5.0.4", mimetype: "text/typescript", file_extension: ".ts",
      pygments_lexer: "typescript", codemirror_mode: "typescript", nbconvert_exporter: "script",
    });
    assert.ok(info["help_links"].length > 0);
  });

  it("complete_request converts cursor positions between code points and UTF-16", async () => {
    const { kernel, sent, request } = setup();
    const code = "'😀'.le";
    request("complete_request", { code, cursor_pos: 6 }); // 6 code points = 7 UTF-16 units
    await kernel.drained();
    const reply = sent.find((s) => s.type === "complete_reply")!.content;
    assert.deepEqual(reply["matches"], ["'😀'.le!"]);
    assert.equal(reply["cursor_start"], 0);
    assert.equal(reply["cursor_end"], 6);
  });

  it("inspect, is_complete and comm_info reply with status", async () => {
    const { kernel, sent, request } = setup();
    request("inspect_request", { code: "known", cursor_pos: 5 });
    request("inspect_request", { code: "nothing", cursor_pos: 3 });
    request("is_complete_request", { code: "if (x) {" });
    request("comm_info_request", {});
    await kernel.drained();
    const inspects = sent.filter((s) => s.type === "inspect_reply").map((s) => s.content);
    assert.deepEqual(inspects[0], { status: "ok", found: true, data: { "text/plain": "a doc" }, metadata: {} });
    assert.deepEqual(inspects[1], { status: "ok", found: false, data: {}, metadata: {} });
    assert.deepEqual(sent.find((s) => s.type === "is_complete_reply")!.content, { status: "incomplete", indent: "  " });
    assert.deepEqual(sent.find((s) => s.type === "comm_info_reply")!.content, { status: "ok", comms: {} });
  });

  it("history: tail, range and glob search (unique, n)", async () => {
    const { kernel, sent, request } = setup();
    for (const code of ["a = 1", "b = 2", "a = 1", "c"]) request("execute_request", { code });
    request("history_request", { output: false, raw: true, hist_access_type: "tail", n: 2 });
    request("history_request", { output: false, raw: true, hist_access_type: "range", session: 1, start: 2, stop: 4 });
    request("history_request", { output: false, raw: true, hist_access_type: "search", pattern: "a*" });
    request("history_request", { output: false, raw: true, hist_access_type: "search", pattern: "?*=*", unique: true });
    request("history_request", { output: true, raw: true, hist_access_type: "tail", n: 1 });
    await kernel.drained();
    const histories = sent.filter((s) => s.type === "history_reply").map((s) => s.content["history"]);
    assert.deepEqual(histories[0], [[1, 3, "a = 1"], [1, 4, "c"]]);
    assert.deepEqual(histories[1], [[1, 2, "b = 2"], [1, 3, "a = 1"]]);
    assert.deepEqual(histories[2], [[1, 1, "a = 1"], [1, 3, "a = 1"]]);
    assert.deepEqual(histories[3], [[1, 2, "b = 2"], [1, 3, "a = 1"]]);
    assert.deepEqual(histories[4], [[1, 4, ["c", null]]]);
  });

  it("comm_open to an unknown target is answered with comm_close between busy and idle; unknown types are ignored without a reply", async () => {
    const { kernel, sent, request } = setup();
    const id = request("comm_open", { comm_id: "c1", target_name: "x", data: {} });
    request("no_such_request");
    await kernel.drained();
    assert.deepEqual(sent.map((s) => s.type), ["status", "comm_close", "status"]);
    assert.equal(sent[1]!.content["comm_id"], "c1");
    assert.ok(sent.every((s) => s.parent === id));
  });

  it("shutdown_request replies, then stops; interrupt_request reaches the engine", async () => {
    const { kernel, sent, request, shutdowns, engine } = setup();
    request("interrupt_request", {}, "control");
    request("shutdown_request", { restart: true }, "control");
    await new Promise((r) => setImmediate(r));
    await kernel.drained();
    assert.equal(engine.interrupts, 1);
    assert.deepEqual(sent.find((s) => s.type === "shutdown_reply")!.content, { status: "ok", restart: true });
    assert.equal(sent.find((s) => s.type === "shutdown_reply")!.channel, "control");
    assert.equal(shutdowns(), 1);
  });

  it("subshells: created on control, each with its own count; a request for an unknown one is an error reply", async () => {
    const { kernel, sent, request } = setup();
    request("create_subshell_request", {}, "control");
    await new Promise((r) => setImmediate(r));
    const id = sent.find((s) => s.type === "create_subshell_reply")!.content["subshell_id"] as string;
    const onSubshell = (code: string, subshell: string) => {
      const message = makeMessage("execute_request", { code }, undefined, "client") as Message;
      message.header.subshell_id = subshell;
      kernel.handle("shell", message);
    };
    request("execute_request", { code: "main 1" });
    onSubshell("sub 1", id);
    onSubshell("sub 2", id);
    onSubshell("lost", "nope");
    await kernel.drained();
    const replies = sent.filter((s) => s.type === "execute_reply").map((s) => [s.content["status"], s.content["ename"] ?? s.content["execution_count"]]);
    assert.deepEqual(replies.slice(0, 1), [["error", "UnknownSubshellError"]]); // the unknown subshell's, answered at once
    assert.deepEqual(replies.slice(1).sort(), [["ok", 1], ["ok", 1], ["ok", 2]]);
    request("list_subshell_request", {}, "control");
    request("delete_subshell_request", { subshell_id: id }, "control");
    request("list_subshell_request", {}, "control");
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(sent.filter((s) => s.type === "list_subshell_reply").map((s) => s.content["subshell_id"]), [[id], []]);
  });

  it("a handler that throws still answers with an error reply and goes idle", async () => {
    const { kernel, sent, request, engine } = setup();
    engine.complete = async () => {
      throw new TypeError("engine broke");
    };
    request("complete_request", { code: "x", cursor_pos: 1 });
    await kernel.drained();
    const reply = sent.find((s) => s.type === "complete_reply")!.content;
    assert.equal(reply["status"], "error");
    assert.equal(reply["ename"], "TypeError");
    assert.equal(sent.at(-1)!.content["execution_state"], "idle");
  });
});
