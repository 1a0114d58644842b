/**
 * plotly's typed-array encoding for a figure's long numeric arrays: `{ dtype, bdata, shape? }`,
 * the values' bytes in base64 (little-endian). plotly.js reads it since 2.28, so every renderer
 * of these figures does: tsdl's plotly.js 4.x, VS Code's (2.35, through @nteract/transform-plotly)
 * and jupyterlab-plotly 5.24's (2.35). A float array becomes `f4` (what float32 holds, 4 bytes:
 * ~5.3 characters a number against 8–12 as JSON text, and nbformat's one line per number);
 * integers take the smallest integer type that holds them; a gap (`null`) becomes NaN, which
 * plotly draws as a gap. Only trace data (`x`, `y`, `z`, also inside slider and button steps)
 * is encoded; arrays shorter than {@link MIN_ENCODED} stay JSON, readable.
 */

/** plotly's typed-array spec. */
export interface TypedArraySpec {
  dtype: "f4" | "f8" | "i1" | "u1" | "i2" | "u2" | "i4" | "u4";
  bdata: string;
  /** "rows,columns" for a 2-D `z`. */
  shape?: string;
}

/** Arrays of fewer numbers stay JSON. */
export const MIN_ENCODED = 8;

const DATA_KEYS = new Set(["x", "y", "z"]);

/** Whether `v` is a {@link TypedArraySpec}. */
export function isTypedArraySpec(v: unknown): v is TypedArraySpec {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { bdata?: unknown }).bdata === "string" &&
    typeof (v as { dtype?: unknown }).dtype === "string";
}

type Num = number | null;
const isNumbers = (v: unknown): v is Num[] => Array.isArray(v) && v.every((x) => typeof x === "number" || x === null);
const isMatrix = (v: unknown): v is Num[][] =>
  Array.isArray(v) && v.length > 0 && v.every(isNumbers) && v.every((r) => (r as Num[]).length === (v[0] as Num[]).length);

const INT_TYPES = [
  ["u1", 0, 255, Uint8Array], ["i1", -128, 127, Int8Array], ["u2", 0, 65535, Uint16Array], ["i2", -32768, 32767, Int16Array],
  ["u4", 0, 4294967295, Uint32Array], ["i4", -2147483648, 2147483647, Int32Array],
] as const;

/** The smallest and largest finite value (lo > hi when there is none). */
export function extent(values: readonly Num[]): { lo: number; hi: number } {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (v !== null && Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return { lo, hi };
}

/** Whether values spread over [lo, hi] differ by less than float32 can tell apart (1 part in 10⁵ of their size). */
export function closerThanFloat32(lo: number, hi: number): boolean {
  const big = Math.max(Math.abs(lo), Math.abs(hi));
  return hi > lo && (hi - lo) / big < 1e-5;
}

/** The typed array that holds `values` exactly (integers) or as float32 (float64 where float32 would merge them). */
function typed(values: Num[]): { dtype: TypedArraySpec["dtype"]; bytes: Buffer } {
  const ints = values.every((v) => v !== null && Number.isInteger(v));
  if (ints) {
    const { lo, hi } = extent(values as number[]);
    const fit = INT_TYPES.find(([, min, max]) => lo >= min && hi <= max);
    if (fit) { const a = new fit[3](values as number[]); return { dtype: fit[0], bytes: Buffer.from(a.buffer, a.byteOffset, a.byteLength) }; }
  }
  const nums = values.map((v) => (v === null ? NaN : v));
  const f4 = new Float32Array(nums);
  const { lo, hi } = extent(nums);
  const big = Math.max(Math.abs(lo), Math.abs(hi));
  // float32 keeps ~7 digits: values closer together than that (or beyond its range) keep float64
  const f4Loses = lo <= hi && (big > 3e38 || closerThanFloat32(lo, hi));
  const a = f4Loses ? new Float64Array(nums) : f4;
  return { dtype: f4Loses ? "f8" : "f4", bytes: Buffer.from(a.buffer, a.byteOffset, a.byteLength) };
}

/** One numeric array (or a rectangular matrix, with its shape) as a {@link TypedArraySpec}. */
export function encodeTypedArray(values: Num[] | Num[][]): TypedArraySpec {
  const matrix = isMatrix(values);
  const flat = matrix ? (values as Num[][]).flat() : (values as Num[]);
  const { dtype, bytes } = typed(flat);
  return { dtype, bdata: bytes.toString("base64"), ...(matrix ? { shape: `${values.length},${(values[0] as Num[]).length}` } : {}) };
}

const long = (v: Num[] | Num[][]): boolean => (isMatrix(v) ? v.length * (v[0]?.length ?? 0) : v.length) >= MIN_ENCODED;

/** A trace attribute's value encoded where it is a long numeric array (`z`: a matrix). */
function encodeData(key: string, v: unknown): unknown {
  if (key === "z" ? isMatrix(v) && long(v) : isNumbers(v) && long(v)) return encodeTypedArray(v as Num[]);
  // a step's restyle: one value per trace
  if (Array.isArray(v) && v.length > 0 && v.every((e) => (key === "z" ? isMatrix(e) : isNumbers(e) && e.length > 0))) {
    return v.map((e) => (long(e as Num[]) ? encodeTypedArray(e as Num[]) : e));
  }
  return v;
}

function encodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => {
    if (DATA_KEYS.has(k)) { const e = encodeData(k, v); if (e !== v) return [k, e]; }
    return [k, encodeValue(v)];
  }));
}

/** A copy of a figure spec whose long numeric trace arrays are typed-array specs. */
export function encodeTypedArrays<T>(spec: T): T {
  return encodeValue(spec) as T;
}

/** A {@link TypedArraySpec} back as numbers (NaN for gaps), rows for a matrix. */
export function decodeTypedArray(spec: TypedArraySpec): number[] | number[][] {
  const bytes = Buffer.from(spec.bdata, "base64");
  const Type = { f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array }[spec.dtype];
  if (Type === undefined) throw new RangeError(`decodeTypedArray: unknown dtype ${JSON.stringify(spec.dtype)}`);
  const copy = new Uint8Array(bytes); // aligned
  const flat = Array.from(new Type(copy.buffer, 0, copy.byteLength / Type.BYTES_PER_ELEMENT));
  if (spec.shape === undefined) return flat;
  const [rows, cols] = spec.shape.split(",").map(Number) as [number, number];
  if (!(rows * cols === flat.length)) throw new RangeError(`decodeTypedArray: shape ${spec.shape} does not hold ${flat.length} values`);
  return Array.from({ length: rows }, (_, r) => flat.slice(r * cols, (r + 1) * cols));
}
