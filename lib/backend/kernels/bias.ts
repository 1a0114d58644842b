import { tf } from "../../tf.cjs";
import { allFloat32, nativeOrOriginal } from "./override.js";
import { floatOffset, heapAll } from "./wasm-calls.js";

/**
 * A layer's bias and its gradient, natively. tfjs's WASM `Add` broadcasts with a general
 * index computation per element, and its `Sum` over leading axes transposes the whole
 * tensor first: for a conv layer's [128, 26, 26, 16] output that is ~7 ms each per step.
 */

/** The one value per column that `x + row` adds, when one operand is that: its row length, else undefined. */
function rowOf(x: tf.TensorInfo, row: tf.TensorInfo): number | undefined {
  const cols = x.shape[x.shape.length - 1];
  if (cols === undefined || x.shape.length < 2 || row.shape.length > x.shape.length) return undefined;
  const rowSize = tf.util.sizeFromShape(row.shape);
  const lastOfRow = row.shape[row.shape.length - 1];
  return rowSize === cols && lastOfRow === cols && tf.util.sizeFromShape(x.shape) > 0 ? cols : undefined;
}

/** `Add` of a [..., C] tensor and a bias of C values (any leading 1s), natively; tfjs's kernel otherwise. */
export function createAdd(): tf.KernelConfig {
  return nativeOrOriginal(tf.Add, ({ inputs, backend }, addon) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (!allFloat32(a, b)) return undefined;
    const [x, row] = tf.util.sizeFromShape(a.shape) >= tf.util.sizeFromShape(b.shape) ? [a, b] : [b, a];
    const cols = rowOf(x, row);
    if (cols === undefined || tf.util.sizeFromShape(x.shape) === cols) return undefined;
    const y = backend.makeOutput(x.shape, "float32");
    addon.addRow(heapAll(backend, x, row, y), floatOffset(backend, x), floatOffset(backend, row), floatOffset(backend, y),
      tf.util.sizeFromShape(x.shape) / cols, cols);
    return y;
  });
}

/** `Sum` over every axis but the last (a bias's gradient), natively; tfjs's kernel otherwise. */
export function createSum(): tf.KernelConfig {
  return nativeOrOriginal(tf.Sum, ({ inputs, attrs, backend }, addon) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    if (!allFloat32(x) || rank < 2 || axes.length !== rank - 1 || axes.some((ax, i) => ax !== i)) return undefined;
    const cols = x.shape[rank - 1]!;
    const rows = tf.util.sizeFromShape(x.shape) / cols;
    if (cols === 0 || rows === 0) return undefined;
    const y = backend.makeOutput(keepDims ? [...Array<number>(rank - 1).fill(1), cols] : [cols], "float32");
    addon.sumRows(heapAll(backend, x, y), floatOffset(backend, x), floatOffset(backend, y), rows, cols);
    return y;
  });
}
