/**
 * A kernel's first step: start the engine's process, which takes longest to be ready (about a
 * second, from its snapshot), before the rest of the kernel is even loaded. Kept apart from
 * main.ts so that `tsdl kernel` can call it before importing the kernel's modules.
 */
import { writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startEngine } from "./engine-client.js";
import type { EngineClient } from "./engine-client.js";

/** This package's root directory (where package.json and node_modules are). */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A line in the kernel's log (its stderr, which Jupyter shows in its own log). */
export const log = (text: string): void => void writeSync(2, `[tsdl] ${text}\n`);

export function startKernelEngine(): EngineClient {
  return startEngine({ cwd: process.cwd(), packageRoot: PACKAGE_ROOT, log });
}
