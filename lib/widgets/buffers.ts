/**
 * ipywidgets' `buffer_paths`: binary values anywhere in a state travel as separate buffers,
 * each named by its path in the state. A buffer inside a list leaves `null` behind; one under
 * an object key leaves nothing.
 * @see https://github.com/jupyter-widgets/ipywidgets/blob/main/packages/schema/messages.md
 */
export type BufferPath = (string | number)[];

const isBinary = (value: unknown): value is Uint8Array | ArrayBuffer | DataView =>
  value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof DataView;

const bytesOf = (value: Uint8Array | ArrayBuffer | DataView): Uint8Array =>
  value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

/** The state without its binary values, their paths and their bytes (the state itself is not changed). */
export function removeBuffers(state: Record<string, unknown>): { state: Record<string, unknown>; bufferPaths: BufferPath[]; buffers: Uint8Array[] } {
  const bufferPaths: BufferPath[] = [];
  const buffers: Uint8Array[] = [];
  const walk = (value: unknown, path: BufferPath): unknown => {
    if (Array.isArray(value)) {
      return value.map((item, i) => {
        if (!isBinary(item)) return walk(item, [...path, i]);
        bufferPaths.push([...path, i]);
        buffers.push(bytesOf(item));
        return null;
      });
    }
    if (typeof value === "object" && value !== null && !isBinary(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (isBinary(item)) {
          bufferPaths.push([...path, key]);
          buffers.push(bytesOf(item));
        } else out[key] = walk(item, [...path, key]);
      }
      return out;
    }
    return value;
  };
  return { state: walk(state, []) as Record<string, unknown>, bufferPaths, buffers };
}

/** Put `buffers` back into `state` at `bufferPaths` (in place); throws on a path that does not fit. */
export function putBuffers(state: Record<string, unknown>, bufferPaths: unknown, buffers: readonly Uint8Array[]): void {
  if (bufferPaths === undefined) return;
  if (!Array.isArray(bufferPaths) || bufferPaths.length !== buffers.length) {
    throw new Error(`buffer_paths: ${JSON.stringify(bufferPaths)} does not match the ${buffers.length} buffer(s) sent`);
  }
  bufferPaths.forEach((path: unknown, i) => {
    if (!Array.isArray(path) || path.length === 0 || !path.every((p) => typeof p === "string" || typeof p === "number")) {
      throw new Error(`buffer_paths[${i}]: ${JSON.stringify(path)} is not a path of keys and indices`);
    }
    let node: unknown = state;
    for (const key of path.slice(0, -1)) {
      node = (node as Record<string | number, unknown> | undefined)?.[key];
      if (typeof node !== "object" || node === null) throw new Error(`buffer_paths[${i}]: ${JSON.stringify(path)} leads nowhere in the state`);
    }
    (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = buffers[i];
  });
}
