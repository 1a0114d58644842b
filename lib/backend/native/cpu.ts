import { readFileSync } from "node:fs";

/** The instruction sets the native kernels are compiled for, best first. */
export type Isa = "AVX-512" | "AVX2" | "x86-64";

/** What the CPU can run, from the kernel's view of cpuid (Linux's /proc/cpuinfo). */
export interface CpuFeatures {
  model: string;
  /** The clock /proc/cpuinfo reports (a virtual machine's nominal one), or undefined. */
  mhz?: number;
  flags: ReadonlySet<string>;
}

/** The first CPU's model name and feature flags, or undefined where /proc/cpuinfo is missing. */
export function readCpuFeatures(cpuinfo = "/proc/cpuinfo"): CpuFeatures | undefined {
  let text: string;
  try {
    text = readFileSync(cpuinfo, "utf8");
  } catch {
    return undefined;
  }
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(text)?.[1]?.trim();
  const flags = field("flags");
  if (flags === undefined) return undefined;
  const mhz = Number(field("cpu MHz"));
  return { model: field("model name") ?? "unknown CPU", ...(mhz > 0 ? { mhz } : {}), flags: new Set(flags.split(/\s+/)) };
}

const AVX512 = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"];

/** The instruction set whose build of the hot loops the CPU runs (as GCC's target_clones picks). */
export function bestIsa(cpu: CpuFeatures | undefined): Isa {
  if (cpu?.flags.has("avx512f")) return "AVX-512";
  if (cpu?.flags.has("avx2")) return "AVX2";
  return "x86-64";
}

/**
 * The OpenBLAS core (`OPENBLAS_CORETYPE`) that the CPU's features support, or undefined to
 * let OpenBLAS decide. OpenBLAS picks its kernels from the CPU's model number, and a build
 * older than the CPU (Debian 12's 0.3.21 on a 2023 Xeon) falls back to generic SSE3 kernels
 * ("Prescott") on a CPU with AVX-512. Its AVX-512 kernels need F, CD, BW, DQ and VL
 * (Skylake-X and later, Zen 4 and later); its AVX2 kernels need AVX2 and FMA.
 */
export function openBlasCore(cpu: CpuFeatures | undefined): string | undefined {
  if (cpu === undefined) return undefined;
  if (AVX512.every((flag) => cpu.flags.has(flag))) return cpu.flags.has("avx512_bf16") ? "Cooperlake" : "SkylakeX";
  if (cpu.flags.has("avx2") && cpu.flags.has("fma")) return "Haswell";
  return undefined;
}

/** OpenBLAS's generic x86-64 cores: what it runs when it does not know the CPU. */
export const GENERIC_CORES: ReadonlySet<string> = new Set(["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine", "Northwood", "Banias"]);
