// The arithmetic of the course CNN, and what this machine could do at best: for the
// benchmark's "share of the machine's peak".
import type { CpuFeatures } from "../../lib/backend/native/cpu.js";

/** Multiply-adds count as two FLOPs. Course CNN sizes, as lib/model.ts builds it. */
const CONV = 26 * 26 * 16 * 3 * 3 * 2; // [26, 26, 16] outputs, 3×3×1 taps
const DENSE = (10_000 * 512 + 512 * 200 + 200 * 10) * 2;

/** FLOPs of one forward pass of one digit. */
export const FORWARD_FLOPS = CONV + DENSE;

/**
 * FLOPs of one training step per digit: the forward pass, then the gradients of the weights
 * (one product each) and of the layers' inputs (one product each, except the convolution's,
 * which nothing needs).
 */
export const TRAIN_FLOPS = 3 * DENSE + 2 * CONV;

/** FLOPs of one epoch of lesson 06: training on `train` digits, then the forward pass on `test`. */
export function epochFlops(train: number, test: number): number {
  return train * TRAIN_FLOPS + test * FORWARD_FLOPS;
}

/**
 * The nominal single-precision peak: cores × clock × FLOPs per cycle, assuming two FMA units
 * per core (16 floats wide with AVX-512, 8 with AVX2): an upper bound, which no real kernel
 * reaches. The clock is what /proc/cpuinfo reports (a virtual machine's nominal clock); 0
 * where it reports none.
 */
export function nominalPeak(cpu: CpuFeatures | undefined, cores: number): { flops: number; how: string } {
  const mhz = cpu?.mhz ?? 0;
  const lanes = cpu?.flags.has("avx512f") ? 16 : cpu?.flags.has("avx2") ? 8 : 4;
  const perCycle = 2 * 2 * lanes; // 2 FMA units × 2 FLOPs × lanes
  return { flops: cores * mhz * 1e6 * perCycle, how: `${cores} cores × ${mhz} MHz × ${perCycle} FLOP/cycle` };
}
