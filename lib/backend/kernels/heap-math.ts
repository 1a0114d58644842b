// The arithmetic of tsdl's JavaScript kernels on the WASM heap, as functions of an index
// range, so that the main thread and a helper thread can each take part of the work.
// Offsets are in floats (byte offset / 4) into one Float32Array over the whole heap.

/** Hyper-parameters of one Adam step (see adam-update.ts). */
export interface AdamStep { lr: number; beta1: number; beta2: number; epsilon: number; correction1: number; correction2: number }

/** Where the tensors of one Adam step live: w, g, m, v in; w, m, v out. */
export interface AdamOffsets { w0: number; g: number; m0: number; v0: number; w1: number; m1: number; v1: number }

/** Adam on elements [from, to). */
export function adamRange(heap: Float32Array, at: AdamOffsets, hyper: AdamStep, from: number, to: number): void {
  const { lr, beta1, beta2, epsilon, correction1, correction2 } = hyper;
  const step = lr / correction1;
  const scale2 = 1 / correction2;
  const { w0, g, m0, v0, w1, m1, v1 } = at;
  for (let i = from; i < to; i++) {
    const gi = heap[g + i]!;
    const mi = beta1 * heap[m0 + i]! + (1 - beta1) * gi;
    const vi = beta2 * heap[v0 + i]! + (1 - beta2) * gi * gi;
    heap[m1 + i] = mi;
    heap[v1 + i] = vi;
    heap[w1 + i] = heap[w0 + i]! - (step * mi) / (Math.sqrt(vi * scale2) + epsilon);
  }
}

/** The geometry of one max-pooling (NHWC), as tfjs's Pool2DInfo gives it. */
export interface PoolGeometry {
  inHeight: number; inWidth: number; channels: number; outHeight: number; outWidth: number;
  strideHeight: number; strideWidth: number; filterHeight: number; filterWidth: number;
  padTop: number; padLeft: number;
}

/**
 * Max-pool gradient for images [from, to) of the batch: each window adds its output
 * gradient where its arg-max is (the first maximum in row-major window order, as on the
 * CPU backend). Images never share input pixels, so ranges of images can run in parallel.
 */
export function maxPoolGradRange(
  heap: Float32Array, x: number, dy: number, dx: number, p: PoolGeometry, from: number, to: number,
): void {
  const C = p.channels;
  const imageSize = p.inHeight * p.inWidth * C;
  heap.fill(0, dx + from * imageSize, dx + to * imageSize);
  const offsets = new Int32Array(p.filterHeight * p.filterWidth); // window position -> pixel offset
  const best = new Float32Array(C); // per channel: the window's maximum so far
  const at = new Int32Array(C); // and its index in the image, or -1
  for (let b = from; b < to; b++) {
    const xImage = x + b * imageSize;
    const dxImage = dx + b * imageSize;
    for (let oy = 0; oy < p.outHeight; oy++) {
      const y0 = oy * p.strideHeight - p.padTop;
      for (let ox = 0; ox < p.outWidth; ox++) {
        const x0 = ox * p.strideWidth - p.padLeft;
        const g = dy + ((b * p.outHeight + oy) * p.outWidth + ox) * C;
        let count = 0; // the window's pixels inside the image, in row-major order
        for (let y = Math.max(0, y0); y < Math.min(p.inHeight, y0 + p.filterHeight); y++) {
          for (let xx = Math.max(0, x0); xx < Math.min(p.inWidth, x0 + p.filterWidth); xx++) {
            offsets[count++] = (y * p.inWidth + xx) * C;
          }
        }
        if (count === 4) {
          // The course CNN's 2×2 windows, unrolled.
          const o0 = offsets[0]!, o1 = offsets[1]!, o2 = offsets[2]!, o3 = offsets[3]!;
          for (let c = 0; c < C; c++) {
            let top = -Infinity;
            let i = -1;
            const v0 = heap[xImage + o0 + c]!, v1 = heap[xImage + o1 + c]!, v2 = heap[xImage + o2 + c]!, v3 = heap[xImage + o3 + c]!;
            if (v0 > top) { top = v0; i = o0 + c; }
            if (v1 > top) { top = v1; i = o1 + c; }
            if (v2 > top) { top = v2; i = o2 + c; }
            if (v3 > top) { i = o3 + c; }
            if (i >= 0) heap[dxImage + i] = heap[dxImage + i]! + heap[g + c]!;
          }
          continue;
        }
        best.fill(-Infinity);
        at.fill(-1);
        for (let k = 0; k < count; k++) {
          const pixel = offsets[k]!;
          for (let c = 0; c < C; c++) {
            const v = heap[xImage + pixel + c]!;
            if (v > best[c]!) { best[c] = v; at[c] = pixel + c; }
          }
        }
        for (let c = 0; c < C; c++) {
          const i = at[c]!;
          if (i >= 0) heap[dxImage + i] = heap[dxImage + i]! + heap[g + c]!;
        }
      }
    }
  }
}

/** The jobs a helper thread can run, and how their parameters travel (as float64s). */
export const JOB_ADAM = 1;
export const JOB_MAX_POOL_GRAD = 2;
export const MAX_JOB_PARAMS = 24;

export function encodeAdam(at: AdamOffsets, h: AdamStep): number[] {
  return [at.w0, at.g, at.m0, at.v0, at.w1, at.m1, at.v1, h.lr, h.beta1, h.beta2, h.epsilon, h.correction1, h.correction2];
}

export function encodeMaxPoolGrad(x: number, dy: number, dx: number, p: PoolGeometry): number[] {
  return [x, dy, dx, p.inHeight, p.inWidth, p.channels, p.outHeight, p.outWidth,
    p.strideHeight, p.strideWidth, p.filterHeight, p.filterWidth, p.padTop, p.padLeft];
}

/** Runs job `kind` with encoded parameters `q` on [from, to): the same code on either thread. */
export function runJob(kind: number, heap: Float32Array, q: ArrayLike<number>, from: number, to: number): void {
  const n = (i: number) => q[i]!;
  if (kind === JOB_ADAM) {
    adamRange(heap, { w0: n(0), g: n(1), m0: n(2), v0: n(3), w1: n(4), m1: n(5), v1: n(6) },
      { lr: n(7), beta1: n(8), beta2: n(9), epsilon: n(10), correction1: n(11), correction2: n(12) }, from, to);
  } else if (kind === JOB_MAX_POOL_GRAD) {
    maxPoolGradRange(heap, n(0), n(1), n(2), {
      inHeight: n(3), inWidth: n(4), channels: n(5), outHeight: n(6), outWidth: n(7), strideHeight: n(8),
      strideWidth: n(9), filterHeight: n(10), filterWidth: n(11), padTop: n(12), padLeft: n(13),
    }, from, to);
  } else {
    throw new Error(`runJob: unknown job kind ${kind}`);
  }
}
