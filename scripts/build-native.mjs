// Builds tsdl's optional native kernels (native/*.c: matrix products, convolutions, pooling,
// Adam, on OpenMP threads; matrix products in OpenBLAS, which the addon opens when it loads)
// into dist/native/tsdl_native.node, without node-gyp. Never fails the build: without a C
// compiler, Node's headers or OpenBLAS (libopenblas0), it says so in one line and tsdl
// keeps its pure-WASM kernels. The hot loops are compiled for several
// instruction sets and chosen when the addon loads (native/parallel.h), so the addon is
// not tied to the CPU it was built on.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = join(root, "dist", "native", "tsdl_native.node");
const include = join(dirname(process.execPath), "..", "include", "node");
const headers = [include, "/usr/include/node"].find((dir) => existsSync(join(dir, "node_api.h")));
const compiler = process.env.CC ?? "cc";
const sources = readdirSync(join(root, "native")).filter((f) => f.endsWith(".c")).map((f) => join(root, "native", f));

/** Whether the dynamic linker knows OpenBLAS, which the addon opens at run time. */
function openBlasInstalled() {
  const cache = spawnSync("/sbin/ldconfig", ["-p"], { encoding: "utf8" });
  return cache.status === 0 && /\blibopenblas\.so\.0\b/.test(cache.stdout);
}

function skip(reason) {
  rmSync(output, { force: true }); // a stale addon from an earlier build must not load
  console.log(`build-native: skipped (${reason}); tsdl uses its WebAssembly kernels`);
}

if (process.env.TSDL_NATIVE === "0") {
  skip("TSDL_NATIVE=0");
} else if (headers === undefined) {
  skip("node_api.h not found");
} else if (!openBlasInstalled()) {
  skip("libopenblas.so.0 not found");
} else {
  mkdirSync(dirname(output), { recursive: true });
  const args = ["-O3", "-fno-math-errno", "-fopenmp", "-shared", "-fPIC", "-DNODE_GYP_MODULE_NAME=tsdl_native", `-I${headers}`,
    ...sources, "-ldl", "-lm", "-o", output];
  const result = spawnSync(compiler, args, { encoding: "utf8" });
  if (result.error !== undefined) skip(`${compiler}: ${result.error.message}`);
  else if (result.status !== 0) skip(`${compiler} failed: ${(result.stderr.split("\n").find((l) => /error/.test(l)) ?? "").trim()}`);
  else console.log(`build-native: ${output.slice(root.length + 1)} (OpenBLAS, OpenMP)`);
}
