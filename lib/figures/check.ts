/** Input checks shared by the figure builders; errors name the function and the value. */

/** Throws unless `values` is a non-empty array of numbers (±Infinity/NaN allowed: gaps). */
export function checkSeries(fn: string, what: string, values: unknown): asserts values is number[] {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new TypeError(`${fn}: ${what} must be an array of numbers, got ${describeValue(values)}`);
  }
  const arr = values as ArrayLike<unknown>;
  if (arr.length === 0) throw new RangeError(`${fn}: ${what} is empty; give at least one value`);
  for (let i = 0; i < arr.length; i++) {
    if (typeof arr[i] !== "number") {
      throw new TypeError(`${fn}: ${what}[${i}] is ${describeValue(arr[i])}, not a number`);
    }
  }
}

/** Throws unless `m` is a non-empty rectangular matrix of finite numbers; returns [rows, cols]. */
export function checkMatrix(fn: string, what: string, m: unknown): [number, number] {
  if (!Array.isArray(m) || m.length === 0) {
    throw new RangeError(`${fn}: ${what} must be a non-empty array of rows, got ${describeValue(m)}`);
  }
  const rows = m as unknown[];
  const first = rows[0];
  const cols = Array.isArray(first) || ArrayBuffer.isView(first) ? (first as ArrayLike<unknown>).length : -1;
  if (cols <= 0) throw new RangeError(`${fn}: ${what}[0] must be a non-empty row, got ${describeValue(first)}`);
  rows.forEach((row, r) => {
    if (!(Array.isArray(row) || ArrayBuffer.isView(row)) || (row as ArrayLike<unknown>).length !== cols) {
      throw new RangeError(`${fn}: ${what} is ragged: row ${r} has ${describeValue(row)} but row 0 has ${cols} values`);
    }
    const values = row as ArrayLike<unknown>;
    for (let c = 0; c < cols; c++) {
      const v = values[c];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new TypeError(`${fn}: ${what}[${r}][${c}] is ${describeValue(v)}, not a finite number`);
      }
    }
  });
  return [rows.length, cols];
}

/** A short description of any value for error messages. */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a typed array of length ${(v as unknown as ArrayLike<unknown>).length}`;
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : String(v);
}
