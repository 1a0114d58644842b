/**
 * The sockets' own thread. It binds the channels, verifies and signs every message, echoes
 * the heartbeat, and answers `interrupt_request`, `shutdown_request` and `kernel_info_request`
 * on control itself, so all of that keeps working while the main thread is stuck in a user's
 * `while (true) {}`. It welcomes each new iopub subscriber with `iopub_welcome` (protocol 5.5),
 * on the topic it subscribed to.
 * Everything else goes to the main thread in the order it arrived.
 */
import { parentPort, workerData } from "node:worker_threads";
import { writeSync } from "node:fs";
import { openSockets } from "./sockets.js";
import type { Incoming, Outgoing } from "./sockets.js";
import { createSigner, decode, DELIMITER, encode, WireError } from "./wire.js";
import { makeMessage } from "./messages.js";
import { kernelInfo } from "./kernel-info.js";
import type { Message } from "./messages.js";
import { SHARED, type FromIo, type IoWorkerData, type ToIo } from "./io-protocol.js";

const data = workerData as IoWorkerData;
const port = parentPort!;
const shared = new Int32Array(data.shared);
const signer = createSigner(data.connection.signature_scheme, data.connection.key);
const log = (text: string) => writeSync(2, `[tsdl io] ${text}\n`);
const post = (message: FromIo) => port.postMessage(message);

const sockets = await openSockets(data.connection);
let pendingInput: { parent: Message } | undefined;
let dropped = 0;
/** Signatures of messages already accepted: a replayed copy is dropped (jupyter_client's digest_history). */
const seenSignatures = new Set<string>();
const MAX_SEEN_SIGNATURES = 1 << 16;

function isReplay(frames: Buffer[]): boolean {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("latin1") === DELIMITER);
  const signature = frames[at + 1]?.toString("latin1") ?? "";
  if (signature === "") return false; // an empty key signs nothing, so nothing can be told apart
  if (seenSignatures.has(signature)) return true;
  seenSignatures.add(signature);
  if (seenSignatures.size > MAX_SEEN_SIGNATURES) seenSignatures.delete(seenSignatures.values().next().value!);
  return false;
}

/** On iopub the routing frame is the topic: the msg_type unless `topic` says otherwise. */
function send(channel: Outgoing, message: Message, topic?: Buffer): Promise<void> {
  const routed = channel === "iopub" ? { ...message, identities: [topic ?? Buffer.from(message.header.msg_type)] } : message;
  const frames = encode({ ...routed, identities: routed.identities.map((i) => Buffer.from(i)) }, signer);
  return sockets.send(channel, frames);
}

function answerInput(reply: { value: string } | { interrupted: true }): void {
  pendingInput = undefined;
  data.inputPort.postMessage(reply);
  Atomics.store(shared, SHARED.input, 2);
  Atomics.notify(shared, SHARED.input);
}

function onFrames(channel: Incoming, frames: Buffer[]): void {
  let message: Message;
  try {
    message = decode(frames, signer);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    dropped += 1;
    log(`dropped a message on ${channel} (${dropped} so far): ${error.message}`);
    return;
  }
  if (isReplay(frames)) {
    dropped += 1;
    log(`dropped a message on ${channel} (${dropped} so far): replayed signature of ${message.header.msg_type} ${message.header.msg_id}`);
    return;
  }
  const type = message.header.msg_type;
  if (channel === "stdin") {
    if (type === "input_reply" && pendingInput !== undefined) {
      const value = (message.content as { value?: unknown }).value;
      answerInput({ value: typeof value === "string" ? value : String(value ?? "") });
    }
    return;
  }
  if (channel === "control" && (type === "interrupt_request" || type === "shutdown_request" || type === "kernel_info_request")) {
    void answerControl(message);
    return;
  }
  post({ kind: "request", channel, message });
}

async function answerControl(request: Message): Promise<void> {
  const session = data.session;
  await send("iopub", makeMessage("status", { execution_state: "busy" }, request, session));
  if (request.header.msg_type === "kernel_info_request") {
    await send("control", makeMessage("kernel_info_reply", kernelInfo(data.typescriptVersion), request, session));
    await send("iopub", makeMessage("status", { execution_state: "idle" }, request, session));
    return;
  }
  if (request.header.msg_type === "interrupt_request") {
    // A cell blocked in prompt() is woken directly; a signal on top would hit the next cell.
    if (pendingInput !== undefined) answerInput({ interrupted: true });
    else process.kill(process.pid, "SIGINT");
    await send("control", makeMessage("interrupt_reply", { status: "ok" }, request, session));
    await send("iopub", makeMessage("status", { execution_state: "idle" }, request, session));
    return;
  }
  const restart = Boolean((request.content as { restart?: unknown }).restart);
  await send("control", makeMessage("shutdown_reply", { status: "ok", restart }, request, session));
  await send("iopub", makeMessage("status", { execution_state: "idle" }, request, session));
  post({ kind: "shutdown", restart });
  // If the main thread is stuck in a cell it cannot exit by itself: end the process from here.
  setTimeout(() => process.kill(process.pid, "SIGTERM"), 2000).unref();
}

port.on("message", (message: ToIo) => {
  switch (message.kind) {
    case "send": {
      const size = message.size;
      void send(message.channel, message.message)
        .catch((error) => log(`send on ${message.channel} failed: ${(error as Error).message}`))
        .finally(() => {
          if (size > 0) {
            Atomics.sub(shared, SHARED.pendingBytes, size);
            Atomics.notify(shared, SHARED.pendingBytes);
          }
        });
      return;
    }
    case "input": {
      pendingInput = { parent: message.parent };
      void send("stdin", makeMessage("input_request", { prompt: message.prompt, password: message.password }, message.parent, data.session));
      return;
    }
    case "barrier":
      post({ kind: "barrier", id: message.id });
      return;
    case "close":
      void sockets.close().then(() => {
        Atomics.store(shared, SHARED.closed, 1);
        Atomics.notify(shared, SHARED.closed);
        post({ kind: "closed" });
      });
      return;
  }
});

// A kernel whose parent died (reparented to init or a subreaper) ends itself.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) {
    log(`parent process ${parentPid} is gone; exiting`);
    process.kill(process.pid, "SIGTERM");
  }
}, 1000).unref();

sockets.onSubscribe((topic) => {
  const welcome = makeMessage("iopub_welcome", { subscription: topic.toString("utf8") }, undefined, data.session);
  void send("iopub", welcome, topic).catch((error) => log(`iopub_welcome failed: ${(error as Error).message}`));
});
for (const channel of ["shell", "control", "stdin"] as const) sockets.receive(channel, (frames) => onFrames(channel, frames));
post({ kind: "ready" });
