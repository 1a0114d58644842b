// The entry point of one WebAssembly pthread worker, as a real file.
//
// The threaded build of @tensorflow/tfjs-backend-wasm ships its worker as a JavaScript
// string and hands it to `new Worker()` as a `blob:` URL, which Node's workers cannot
// load. This file is what `wasm-threads.ts` points Emscripten at instead: it evaluates
// that same string in this worker's global scope, with the CommonJS globals it expects.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { wasmWorkerContents } = require(
  "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js",
) as { wasmWorkerContents: string };

Object.assign(globalThis, { require, __filename: fileURLToPath(import.meta.url) });
// The string was written as a template literal, so its "\n" escapes became real line
// breaks inside string literals; tfjs escapes them again before making its blob.
(0, eval)(wasmWorkerContents.replace(/\n/g, "\\n"));
