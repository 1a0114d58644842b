/**
 * The five channels of a Jupyter kernel over ZeroMQ: shell, control and stdin (ROUTER),
 * iopub (XPUB with no-drop, so a slow client back-pressures the kernel instead of losing
 * output, and told of every subscription, so each new subscriber can be welcomed) and
 * heartbeat (REP, echoed here). The only file that imports `zeromq`.
 */
import * as zmq from "zeromq";

/** The connection file Jupyter writes for a kernel. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

export type Incoming = "shell" | "control" | "stdin";
export type Outgoing = Incoming | "iopub";

export interface KernelSockets {
  /** Start receiving on `channel`; `onFrames` is called once per multipart message, in order. */
  receive(channel: Incoming, onFrames: (frames: Buffer[]) => void): void;
  /** Call `onTopic` with the topic of every iopub subscription, each new subscriber's included. */
  onSubscribe(onTopic: (topic: Buffer) => void): void;
  /** Send one multipart message; sends on a socket are serialized, and resolve once queued. */
  send(channel: Outgoing, frames: Buffer[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Messages queued per iopub subscriber before `send` waits (back-pressure instead of
 * dropping). Output travels in chunks of up to 64 KB, so this bounds the queue near 6 MB.
 */
const IOPUB_HIGH_WATER_MARK = 100;

/** A port in the connection file could not be bound; the message names each one. */
export class BindError extends Error {
  override name = "BindError";
}

export async function openSockets(info: ConnectionInfo): Promise<KernelSockets> {
  const address = (port: number) =>
    info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `${info.transport}://${info.ip}:${port}`;
  const sockets = {
    shell: new zmq.Router({ linger: 1000 }),
    control: new zmq.Router({ linger: 1000 }),
    stdin: new zmq.Router({ linger: 1000 }),
    iopub: new zmq.XPublisher({ noDrop: true, sendHighWaterMark: IOPUB_HIGH_WATER_MARK, linger: 1000, verbosity: "allSubs" }),
  };
  const heartbeat = new zmq.Reply({ linger: 0 });
  const binds: [string, zmq.Socket, number][] = [
    ["shell", sockets.shell, info.shell_port],
    ["control", sockets.control, info.control_port],
    ["stdin", sockets.stdin, info.stdin_port],
    ["iopub", sockets.iopub, info.iopub_port],
    ["hb", heartbeat, info.hb_port],
  ];
  const bound = await Promise.allSettled(binds.map(([, socket, port]) => socket.bind(address(port))));
  const failed = bound.flatMap((result, i) =>
    result.status === "rejected" ? [`${binds[i]![0]}_port ${binds[i]![2]} (${address(binds[i]![2])}): ${(result.reason as Error).message}`] : [],
  );
  if (failed.length > 0) {
    // Closed here, so the process can exit without ZeroMQ's context still holding them.
    for (const [, socket] of binds) socket.close();
    throw new BindError(`cannot bind ${failed.join("; ")}. Jupyter chose these ports in the connection file; another process holds them`);
  }
  void (async () => {
    for await (const frames of heartbeat) await heartbeat.send(frames);
  })().catch(() => undefined);
  let onTopic: (topic: Buffer) => void = () => undefined;
  void (async () => {
    // A subscription is one frame: 1 (0 for an unsubscription), then the topic.
    for await (const [frame] of sockets.iopub) if (frame !== undefined && frame[0] === 1) onTopic(frame.subarray(1));
  })().catch(() => undefined);

  const tails = new Map<Outgoing, Promise<void>>();
  return {
    onSubscribe(handler) {
      onTopic = handler;
    },
    receive(channel, onFrames) {
      const socket = sockets[channel];
      void (async () => {
        for await (const frames of socket) onFrames(frames);
      })().catch(() => undefined);
    },
    send(channel, frames) {
      const previous = tails.get(channel) ?? Promise.resolve();
      const next = previous.then(() => sendPatiently(sockets[channel], frames));
      tails.set(channel, next.catch(() => undefined));
      return next;
    },
    async close() {
      await Promise.all([...tails.values()]);
      for (const socket of [...Object.values(sockets), heartbeat]) socket.close();
    },
  };
}

/**
 * Send, waiting out a full queue. An XPUB with `noDrop` answers EAGAIN when a subscriber's
 * queue is at its high-water mark instead of waiting for room; retrying keeps that output.
 */
async function sendPatiently(socket: zmq.Writable, frames: Buffer[]): Promise<void> {
  for (let delayMs = 1; ; delayMs = Math.min(2 * delayMs, 50)) {
    try {
      await socket.send(frames);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "EAGAIN" || (socket as unknown as zmq.Socket).closed) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
