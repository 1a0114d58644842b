/**
 * Step 1 of building the engine's startup snapshot (engine-snapshot.ts): compile a lesson-like
 * cell with the engine, from an empty folder as a notebook's would be, and write the manifest
 * of what its program read. Usage: node snapshot-manifest.js OUT PACKAGE_ROOT (cwd: any folder).
 */
import { writeFileSync } from "node:fs";
import { createCompiler } from "./engine.js";

const [out, packageRoot] = process.argv.slice(2);
if (out === undefined || packageRoot === undefined) throw new Error("usage: snapshot-manifest.js OUT PACKAGE_ROOT");
const compiler = createCompiler({ cwd: process.cwd(), packageRoot });
writeFileSync(out, JSON.stringify(compiler.snapshotManifest()));
compiler.close();
process.exit(0); // the compiler's file watchers would keep the process alive
