/**
 * The main thread's handle on the engine thread: each call posts a request and resolves
 * with the answer. The compiler's console output goes to the kernel's log, never to a cell.
 */
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Compiled, Completions } from "./engine.js";

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

export function startEngine(options: { cwd: string; packageRoot: string; log: (text: string) => void }): EngineClient {
  const worker = new Worker(new URL("./engine-thread.js", import.meta.url), {
    workerData: { cwd: options.cwd, packageRoot: options.packageRoot },
    stdout: true,
    stderr: true,
  });
  worker.stdout.on("data", (chunk: Buffer) => options.log(`engine: ${chunk.toString().trimEnd()}`));
  worker.stderr.on("data", (chunk: Buffer) => options.log(`engine: ${chunk.toString().trimEnd()}`));
  worker.unref();
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let readyResolve: () => void;
  let readyReject: (error: Error) => void;
  const ready = new Promise<void>((res, rej) => ((readyResolve = res), (readyReject = rej)));
  ready.catch(() => undefined);
  worker.on("message", (answer: EngineAnswer) => {
    if (answer.id === 0) {
      if (answer.ok) readyResolve();
      else readyReject(new Error(answer.error));
      return;
    }
    const waiter = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.ok) waiter?.resolve(answer.result);
    else waiter?.reject(new Error(answer.error ?? "engine call failed"));
  });
  worker.on("error", (error) => {
    options.log(`engine thread failed: ${error.stack ?? error.message}`);
    readyReject(error);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });
  const call = <T>(request: EngineRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  return {
    ready,
    convert: (prevDecl, src) => call({ method: "convert", prevDecl, src }),
    complete: (prevDecl, src, position) => call({ method: "complete", prevDecl, src, position }),
    inspect: (prevDecl, src, position) => call({ method: "inspect", prevDecl, src, position }),
    isComplete: (src) => call({ method: "isComplete", src }),
    async close() {
      await worker.terminate();
    },
  };
}
