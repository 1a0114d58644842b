/**
 * The kernel's handle on the engine process: each call sends a request and resolves with the
 * answer. The compiler's console output goes to the kernel's log, never to a cell. The engine
 * starts from its startup snapshot when there is one (engine-snapshot.ts); if it dies before
 * it is ready that way, it is started again without.
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Compiled, Completions } from "./engine.js";
import { usableSnapshot } from "./engine-snapshot.js";

type EngineRequest =
  | { method: "convert"; prevDecl: string; src: string }
  | { method: "complete"; prevDecl: string; src: string; position: number }
  | { method: "inspect"; prevDecl: string; src: string; position: number }
  | { method: "isComplete"; src: string };
export type EngineCall = { id: number } & EngineRequest;
export type EngineAnswer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string | undefined; result?: undefined };

export interface EngineClient {
  ready: Promise<void>;
  convert(prevDecl: string, src: string): Promise<Compiled>;
  complete(prevDecl: string, src: string, position: number): Promise<Completions>;
  inspect(prevDecl: string, src: string, position: number): Promise<string | undefined>;
  isComplete(src: string): Promise<{ status: "complete" | "incomplete" | "invalid"; indent?: string }>;
  close(): Promise<void>;
}

/** The TypeScript version the engine uses, read without loading the compiler. */
export function typescriptVersion(): string {
  const require = createRequire(import.meta.url);
  const path = require.resolve("@tslab/typescript-for-tslab/package.json");
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

/**
 * The kernel's environment, less what only slows the engine down: it makes no TLS
 * connection, and Node reads the certificates NODE_EXTRA_CA_CERTS names when it starts
 * (about 70 ms for Debian's bundle).
 */
function engineEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env["NODE_EXTRA_CA_CERTS"];
  return env;
}

export function startEngine(options: { cwd: string; packageRoot: string; log: (text: string) => void }): EngineClient {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let readyResolve: () => void;
  let readyReject: (error: Error) => void;
  let isReady = false;
  const ready = new Promise<void>((res, rej) => ((readyResolve = res), (readyReject = rej)));
  ready.catch(() => undefined);
  let closing = false;

  const spawn = (snapshot: string | undefined): ChildProcess => {
    const child = fork(fileURLToPath(new URL("./engine-process.js", import.meta.url)), [JSON.stringify({ cwd: options.cwd, packageRoot: options.packageRoot })], {
      cwd: options.cwd,
      // Node refuses a blob under V8 flags other than those it was built with (NODE_OPTIONS):
      // the engine then starts again without it (below)
      execArgv: snapshot === undefined ? [] : ["--snapshot-blob", snapshot],
      env: engineEnvironment(),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      // a group of its own: Jupyter interrupts the kernel by signalling its process group, and
      // SIGINT would end the engine. It still ends with the kernel, when the channel closes.
      detached: true,
    });
    child.stdout!.on("data", (chunk: Buffer) => options.log(`engine: ${chunk.toString().trimEnd()}`));
    child.stderr!.on("data", (chunk: Buffer) => options.log(`engine: ${chunk.toString().trimEnd()}`));
    // once ready, the engine does not keep the kernel's process alive
    void ready.then(() => {
      child.unref();
      (child.channel as { unref?: () => void } | undefined)?.unref?.();
    }, () => undefined);
    child.on("message", (answer: EngineAnswer) => {
      if (answer.id === 0) {
        isReady = answer.ok;
        if (answer.ok) options.log(`engine ready ${performance.now().toFixed(0)} ms after the kernel's process started (started at ${forkedAt.toFixed(0)} ms)`);
        if (answer.ok) readyResolve();
        else readyReject(new Error(answer.error));
        return;
      }
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      sent.delete(answer.id);
      if (answer.ok) waiter?.resolve(answer.result);
      else waiter?.reject(new Error(answer.error ?? "engine call failed"));
    });
    child.on("exit", (code, signal) => {
      if (closing) return;
      if (!isReady && snapshot !== undefined) {
        options.log(`engine failed to start from its snapshot ${snapshot} (exit ${code ?? signal}); starting it without`);
        engine = spawn(undefined);
        for (const [id, request] of sent) engine.send({ ...request, id });
        return;
      }
      const error = new Error(`the TypeScript engine stopped (exit ${code ?? signal})`);
      options.log(error.message);
      readyReject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    return child;
  };
  /** Requests sent before the engine is ready, to send again if it has to start again. */
  const sent = new Map<number, EngineRequest>();
  const forkedAt = performance.now();
  let engine = spawn(usableSnapshot());
  void ready.then(() => sent.clear(), () => sent.clear());

  const call = <T>(request: EngineRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (!isReady) sent.set(id, request);
      engine.send({ ...request, id });
    });
  return {
    ready,
    convert: (prevDecl, src) => call({ method: "convert", prevDecl, src }),
    complete: (prevDecl, src, position) => call({ method: "complete", prevDecl, src, position }),
    inspect: (prevDecl, src, position) => call({ method: "inspect", prevDecl, src, position }),
    isComplete: (src) => call({ method: "isComplete", src }),
    async close() {
      closing = true;
      engine.kill();
    },
  };
}
