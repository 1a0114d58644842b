/**
 * Puts the kernel together: the sockets' thread, the engine's process, output capture, the
 * display globals, and the handler table, for one connection file.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createKernel } from "./kernel.js";
import { startIo } from "./io.js";
import type { Io } from "./io.js";
import { typescriptVersion } from "./engine-client.js";
import { log, PACKAGE_ROOT } from "./engine-start.js";
import type { EngineClient } from "./engine-client.js";
import { createOutput } from "./output.js";
import type { Output } from "./output.js";
import { createDisplayGlobals } from "./display.js";
import { createComms, JUPYTER_COMMS } from "./comms.js";
import { JUPYTER_CAPTURE } from "./output.js";
import { createModuleLoader } from "./modules.js";
import { createRunner } from "./runner.js";
import { startInterrupts } from "./interrupts.js";
import { createCellEngine } from "./cells.js";
import { makeMessage } from "./messages.js";
import type { ConnectionInfo } from "./sockets.js";

export class StdinNotAllowed extends Error {
  override name = "StdinNotAllowed";
}

/** Run the kernel on `connectionFile`, with the engine `tsdl kernel` started first (engine-start.ts). */
export async function runKernel(connectionFile: string, compiler: EngineClient): Promise<void> {
  const connection = JSON.parse(readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  const session = randomUUID();
  const cwd = process.cwd();
  quietExperimentalWarnings();
  const interrupts = startInterrupts(log);

  const io = startIo(connection, session, typescriptVersion(), log);
  const output = createOutput((type, content, parent, extras) => {
    const message = makeMessage(type, content, parent, session, extras?.metadata);
    io.send("iopub", extras?.buffers === undefined ? message : { ...message, buffers: extras.buffers });
  });
  output.install();
  const exit = exitCleanly(output, io, log);
  Object.assign(
    globalThis,
    createDisplayGlobals(
      (type, content) => output.publish(type, content),
      (prompt, password) => {
        const cell = output.current();
        if (cell === undefined || !cell.allowStdin) {
          throw new StdinNotAllowed("prompt(): this frontend does not accept input (allow_stdin is false)");
        }
        output.flush();
        return io.readInput(prompt, password, cell.parent);
      },
    ),
  );
  const comms = createComms({
    publish: (type, content, extras) => output.publish(type, content, extras),
    runIn: (request, fn) => output.runIn({ parent: request, allowStdin: false }, fn, { latest: false }),
    log,
  });
  Object.assign(globalThis, { [JUPYTER_COMMS]: comms.manager, [JUPYTER_CAPTURE]: output.capture });
  const runner = createRunner();
  interrupts.onInterrupt(() => runner.interrupt());
  const engine = createCellEngine({
    compiler,
    loader: createModuleLoader({ cwd, packageRoot: PACKAGE_ROOT }),
    runner,
    output,
    languageVersion: typescriptVersion(),
    cwd,
  });

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    output.flush();
    void io.close().then(() => exit(0));
  };
  const kernel = createKernel({
    session,
    engine,
    comms,
    send: (channel, message) => io.send(channel, message),
    barrier: () => io.barrier(),
    flush: () => output.flush(),
    shutdown,
    log,
  });
  reportStrayErrors(output, log);
  io.onRequest((channel, message) => kernel.handle(channel, message));
  io.onShutdown(shutdown);
  await io.ready;
  compiler.ready.catch((error: Error) => log(error.message));
}

/**
 * Errors thrown by a cell's callbacks after it ended show in that cell, and the kernel lives on.
 * That includes a callback's loop stopped by an interrupt (an `Interrupted` error).
 */
function reportStrayErrors(output: ReturnType<typeof createOutput>, log: (text: string) => void): void {
  const report = (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    if (output.current() === undefined) log(`uncaught: ${e.stack ?? e.message}`);
    output.publish("error", { ename: e.name, evalue: e.message, traceback: (e.stack ?? e.message).split("\n") });
  };
  process.on("uncaughtException", report);
  process.on("unhandledRejection", report);
}

/**
 * A cell's `process.exit()` ends the kernel (the frontend restarts it, as after `os._exit` in
 * ipykernel), but cleanly: what the cell printed is sent and the sockets close first. Without
 * this the output is lost and zeromq aborts the process. Returns the real `process.exit`.
 */
function exitCleanly(output: Output, io: Io, log: (text: string) => void): (code?: number) => never {
  const exit = process.exit.bind(process) as (code?: number | string | null) => never;
  process.exit = ((code?: number | string | null) => {
    log(`process.exit(${code ?? ""}) called: sending the output, closing the sockets, exiting`);
    output.flush();
    io.closeSync(2000);
    return exit(code);
  }) as typeof process.exit;
  return exit;
}

/** The kernel imports modules through an experimental vm hook; that warning is not the user's business. */
function quietExperimentalWarnings(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.includes("USE_MAIN_CONTEXT_DEFAULT_LOADER") || text.includes("Support for loading ES Module in require()")) return;
    (emit as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
