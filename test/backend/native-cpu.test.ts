// How the native kernels pick their code for the CPU: OpenBLAS's core from the CPU's feature
// flags (not its model number), and that the choice made on this machine is not a generic
// core; then that signals arriving while the kernels train (a notebook's interrupt is one)
// leave the process intact.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBackend, shutdownBackend } from "../../lib/index.js";
import { nativeInfo } from "../../lib/backend/native/addon.js";
import { bestIsa, GENERIC_CORES, openBlasCore, readCpuFeatures, type CpuFeatures } from "../../lib/backend/native/cpu.js";
import { addonToTest } from "./compare-backends.js";

const LIB = fileURLToPath(new URL("../../lib/index.js", import.meta.url));

const cpu = (flags: string): CpuFeatures => ({ model: "test CPU", flags: new Set(flags.split(" ")) });
const AVX512 = "sse2 avx avx2 fma avx512f avx512cd avx512bw avx512dq avx512vl";

describe("Native kernels on this CPU", function () {
  this.timeout(120_000);

  it("names OpenBLAS's core from the feature flags, whatever the model number", () => {
    assert.equal(openBlasCore(cpu(AVX512)), "SkylakeX"); // Skylake-X … Sapphire Rapids, Zen 4 and 5
    assert.equal(openBlasCore(cpu(`${AVX512} avx512_bf16`)), "Cooperlake");
    assert.equal(openBlasCore(cpu("sse2 avx avx2 fma")), "Haswell"); // Haswell … Alder Lake, Zen 1–3
    assert.equal(openBlasCore(cpu("sse2 avx avx2 fma avx512f")), "Haswell"); // AVX-512 without BW/DQ/VL (Knights Landing)
    assert.equal(openBlasCore(cpu("sse2 sse4_2 avx")), undefined); // left to OpenBLAS
    assert.equal(openBlasCore(undefined), undefined);
    assert.equal(bestIsa(cpu(AVX512)), "AVX-512");
    assert.equal(bestIsa(cpu("sse2 avx2")), "AVX2");
    assert.equal(bestIsa(undefined), "x86-64");
  });

  it("reads the model and flags of /proc/cpuinfo, and undefined where there is none", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsdl-cpuinfo-"));
    try {
      const file = join(dir, "cpuinfo");
      writeFileSync(file, "processor\t: 0\nmodel name\t: Some Xeon\nflags\t\t: fpu avx2 fma\n\nprocessor\t: 1\nflags\t\t: fpu\n");
      const read = readCpuFeatures(file)!;
      assert.equal(read.model, "Some Xeon");
      assert.deepEqual([...read.flags], ["fpu", "avx2", "fma"]);
      assert.equal(readCpuFeatures(join(dir, "missing")), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("with the addon", () => {
    before(async function () {
      if (!addonToTest()) this.skip();
      await ensureBackend({ force: "wasm" });
    });
    after(async () => shutdownBackend());

    it("runs a core that uses this CPU's vector units, not a generic one", function () {
      const here = readCpuFeatures();
      if (!here?.flags.has("avx2")) this.skip(); // no AVX2: a generic core is the right one
      const info = nativeInfo()!;
      assert.ok(!GENERIC_CORES.has(info.core), `OpenBLAS runs its generic '${info.core}' core on a CPU with AVX2 (${here.model})`);
      assert.equal(info.core, process.env.OPENBLAS_CORETYPE ?? openBlasCore(here) ?? info.core);
      assert.equal(info.isa, bestIsa(here));
    });

    it("survives a storm of signals while it trains (SIGINT interrupts a cell)", async () => {
      const script = `
        const T = await import(${JSON.stringify(LIB)});
        process.on("SIGUSR2", () => {}); process.on("SIGINT", () => {});
        await T.ensureBackend({ force: "wasm" });
        const model = T.createCourseCnn({ seed: 1 });
        const X = T.tf.randomUniform([640, 28, 28, 1], 0, 1, "float32", 1);
        const y = T.tf.oneHot(T.tf.randomUniform([640], 0, 10, "int32", 2), 10);
        console.log("training");
        await T.trainModel(model, { X, y }, { numEpochs: 3 });
        console.log("done");
        await T.shutdownBackend();`;
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      let sent = 0;
      child.stderr.on("data", (d: Buffer) => { err += d.toString(); });
      const storm = new Promise<void>((resolve) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (!out.includes("training") || sent > 0) return;
          const tick = setInterval(() => {
            // Until training ends: a signal that reaches a process exiting normally ends it.
            if (out.includes("done") || child.exitCode !== null || child.signalCode !== null) { clearInterval(tick); resolve(); return; }
            child.kill(sent % 2 === 0 ? "SIGUSR2" : "SIGINT");
            sent++;
          }, 1);
        });
      });
      const code = await new Promise<number | string | null>((resolve) => child.on("exit", (c, signal) => resolve(c ?? signal)));
      await storm;
      assert.equal(code, 0, `training under signals exited with ${code} after ${sent} signals: ${err.trim().split("\n").at(-1)}`);
      assert.match(out, /done/);
      assert.ok(sent >= 100, `only ${sent} signals were sent`);
    });
  });
});
