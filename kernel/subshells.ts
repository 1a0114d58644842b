/**
 * Shells and subshells (protocol 5.5, JEP 91/92). Each shell has its own queue, run one
 * request at a time in order, its own execution count, and its own `stop_on_error` abort.
 * A shell request goes to the subshell its header's `subshell_id` names, else to the main
 * shell. JavaScript runs one thing at a time, so shells interleave at their awaits: a
 * subshell's request is answered while the main shell awaits.
 *
 * Requests that `besideMain` picks (the kernel's choice: comm messages) and that name no subshell
 * run on a lane beside the main shell instead of behind it: in order among themselves, while a
 * main-shell cell awaits. A frontend that does not put comms on subshells (the classic Notebook,
 * @jupyterlab/services with `commsOverSubshells` disabled) sends widget messages on the main
 * shell; this is how its Stop button reaches a cell that awaits.
 */
import { randomUUID } from "node:crypto";
import type { Message } from "./messages.js";

export class UnknownSubshellError extends Error {
  override name = "UnknownSubshellError";
  constructor(id: string, known: readonly string[]) {
    super(`no subshell '${id}' (this kernel has ${known.length === 0 ? "none" : known.map((k) => `'${k}'`).join(", ")})`);
  }
}

export interface Shell {
  /** `undefined` for the main shell. */
  readonly id: string | undefined;
  executionCount: number;
  /** True from an error under stop_on_error until the requests queued before it are aborted. */
  readonly aborting: boolean;
  /** Abort what reached the sockets before now (the caller's barrier tells when that is). */
  startAborting(): void;
}

export interface Shells {
  readonly main: Shell;
  /** Queue a shell request on its shell; throws UnknownSubshellError for an id this kernel lacks. */
  push(request: Message): void;
  create(): string;
  /** Forget a subshell; what it has queued still runs. */
  delete(id: string): void;
  list(): string[];
  /** Resolves when every shell's queue is empty and nothing runs. */
  drained(): Promise<void>;
}

const AFTER_ABORT = Symbol("after-abort");

interface Queue extends Shell {
  aborting: boolean;
  queue: (Message | typeof AFTER_ABORT)[];
  running: Promise<void> | undefined;
}

export function createShells(options: {
  run(shell: Shell, request: Message): Promise<void>;
  barrier(): Promise<void>;
  /** True for a main-shell request that runs on the lane beside the main shell. */
  besideMain?(request: Message): boolean;
}): Shells {
  const all = new Set<Queue>();

  function pump(shell: Queue): void {
    if (shell.running !== undefined) return;
    const next = shell.queue.shift();
    if (next === undefined) return;
    if (next === AFTER_ABORT) {
      shell.aborting = false;
      pump(shell);
      return;
    }
    shell.running = options.run(shell, next).finally(() => {
      shell.running = undefined;
      pump(shell);
    });
  }

  function shellQueue(id: string | undefined): Queue {
    const shell: Queue = {
      id,
      executionCount: 0,
      aborting: false,
      queue: [],
      running: undefined,
      startAborting() {
        shell.aborting = true;
        void options.barrier().then(() => {
          shell.queue.push(AFTER_ABORT);
          pump(shell);
        });
      },
    };
    all.add(shell);
    return shell;
  }

  const main = shellQueue(undefined);
  const lane = shellQueue(undefined);
  const subshells = new Map<string, Queue>();
  return {
    main,
    push(request) {
      const id = (request.header as { subshell_id?: unknown }).subshell_id;
      const shell = typeof id === "string" ? subshells.get(id) : options.besideMain?.(request) ? lane : main;
      if (shell === undefined) throw new UnknownSubshellError(String(id), [...subshells.keys()]);
      shell.queue.push(request);
      pump(shell);
    },
    create() {
      const id = randomUUID();
      subshells.set(id, shellQueue(id));
      return id;
    },
    delete(id) {
      const shell = subshells.get(id);
      if (shell === undefined) throw new UnknownSubshellError(id, [...subshells.keys()]);
      subshells.delete(id);
      if (shell.running === undefined && shell.queue.length === 0) all.delete(shell);
    },
    list: () => [...subshells.keys()],
    async drained() {
      for (;;) {
        const busy = [...all].find((s) => s.running !== undefined || s.queue.length > 0);
        if (busy === undefined) return;
        await (busy.running ?? Promise.resolve());
      }
    },
  };
}
