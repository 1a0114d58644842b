/**
 * Input checks for the math topics; every error names the function, the argument and its value.
 */

/** Throws unless `v` is a finite number. */
export function checkFinite(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${show(v)}`);
  }
}

/** Throws unless `v` is an integer ≥ `min`. */
export function checkInteger(fn: string, name: string, v: unknown, min: number): asserts v is number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new RangeError(`${fn}: ${name} must be an integer ≥ ${min}, got ${show(v)}`);
  }
}

/** Throws unless `v` is a non-empty array of finite numbers; returns a copy. */
export function checkVector(fn: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${show(v)}`);
  const arr = Array.from(v as ArrayLike<unknown>);
  if (arr.length === 0) throw new RangeError(`${fn}: ${name} is empty; give at least one number`);
  arr.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`${fn}: ${name}[${i}] must be a finite number, got ${show(x)}`);
  });
  return arr as number[];
}

/** Throws unless `m` is a non-empty rectangular matrix of finite numbers; returns a copy. */
export function checkMatrix2d(fn: string, name: string, m: unknown): number[][] {
  if (!Array.isArray(m) || m.length === 0) throw new RangeError(`${fn}: ${name} must be a non-empty array of rows, got ${show(m)}`);
  const rows = m.map((row, r) => checkVector(fn, `${name}[${r}]`, row));
  const cols = rows[0]?.length ?? 0;
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new RangeError(`${fn}: ${name} is ragged: row ${r} has ${row.length} values, row 0 has ${cols}`);
  });
  return rows;
}

/** A value as error messages show it. */
export function show(v: unknown): string {
  if (Array.isArray(v)) return v.length <= 8 ? `[${v.map(show).join(", ")}]` : `an array of length ${v.length}`;
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === undefined || v === null) return String(v);
  return ArrayBuffer.isView(v) ? `a typed array of length ${(v as unknown as ArrayLike<unknown>).length}` : typeof v;
}
