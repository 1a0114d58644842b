/**
 * A small seeded pseudo-random generator (mulberry32), so that shuffles, subsets and
 * augmentations are reproducible from a seed: the same seed gives the same digits.
 * @see notebooks/06-mnist-cnn.ipynb
 */

/** A source of uniform numbers in [0, 1), reproducible from its seed. */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
  /** A uniform number in [low, high). */
  uniform(low: number, high: number): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** Creates a generator from a 32-bit integer seed (mulberry32). */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) throw new RangeError(`seededRandom: seed must be a finite number, got ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    int: (n) => Math.floor(next() * n),
  };
}

/** The integers 0..n-1 in an order shuffled by `seed` (Fisher–Yates). */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}
