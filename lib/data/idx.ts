/**
 * The IDX file format that MNIST ships in: a big-endian header, then raw bytes.
 *
 * ```
 * images: magic 2051 (0x00000803) | count | rows | cols | count·rows·cols pixels (0–255)
 * labels: magic 2049 (0x00000801) | count | count labels (0–9)
 * ```
 * The magic number's third byte is the element type (0x08 = unsigned byte) and its fourth
 * the number of dimensions. The reader checks the magic, the dimensions and the file size,
 * and says which file is wrong and how.
 * @see notebooks/06-mnist-cnn.ipynb
 */
import { readFile } from "node:fs/promises";

/** Magic number of an IDX file of unsigned-byte images: 3 dimensions (count, rows, cols). */
export const IMAGE_MAGIC = 2051;
/** Magic number of an IDX file of unsigned-byte labels: 1 dimension (count). */
export const LABEL_MAGIC = 2049;

/** A file that is not the IDX file it claims to be (foreign, truncated, inconsistent). */
export class IdxFormatError extends Error {
  override name = "IdxFormatError";
}

/** Images as stored: `count` images of `rows × cols` bytes, row by row. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** [count · rows · cols] bytes, 0 (background) to 255 (ink). */
  pixels: Uint8Array;
}

/** Labels as stored: one byte per image. */
export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

function header(bytes: Uint8Array, source: string, magic: number, numDims: number): number[] {
  const headerSize = 4 + 4 * numDims;
  if (bytes.length < headerSize) {
    throw new IdxFormatError(
      `${source}: ${bytes.length} bytes is too short for an IDX header (needs ${headerSize}); the file is truncated or not IDX`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) {
    const kind = magic === IMAGE_MAGIC ? "images" : "labels";
    throw new IdxFormatError(
      `${source}: magic number ${found} (0x${found.toString(16).padStart(8, "0")}) is not ${magic}, ` +
        `the magic of an IDX ${kind} file\nhelp: check that this is an MNIST ${kind} file and that it is not gzip-compressed`,
    );
  }
  return Array.from({ length: numDims }, (_, i) => view.getUint32(4 + 4 * i, false));
}

function checkSize(bytes: Uint8Array, source: string, headerSize: number, dims: number[]): void {
  const expected = headerSize + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new IdxFormatError(
      `${source}: header announces ${dims.join("×")} = ${expected - headerSize} bytes of data, ` +
        `but the file holds only ${bytes.length - headerSize}; the file is truncated`,
    );
  }
  if (bytes.length > expected) {
    throw new IdxFormatError(
      `${source}: header announces ${dims.join("×")} = ${expected - headerSize} bytes of data, ` +
        `but the file holds ${bytes.length - headerSize}; the count in the header does not match the file`,
    );
  }
}

/** Parses the bytes of an IDX images file (magic 2051). `source` names it in errors. */
export function parseIdxImages(bytes: Uint8Array, source = "IDX images"): IdxImages {
  const [count, rows, cols] = header(bytes, source, IMAGE_MAGIC, 3) as [number, number, number];
  checkSize(bytes, source, 16, [count, rows, cols]);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/** Parses the bytes of an IDX labels file (magic 2049). `source` names it in errors. */
export function parseIdxLabels(bytes: Uint8Array, source = "IDX labels"): IdxLabels {
  const [count] = header(bytes, source, LABEL_MAGIC, 1) as [number];
  checkSize(bytes, source, 8, [count]);
  return { count, labels: bytes.subarray(8) };
}

/** Reads and checks an IDX images file. */
export async function readIdxImages(path: string): Promise<IdxImages> {
  return parseIdxImages(new Uint8Array(await readFile(path)), path);
}

/** Reads and checks an IDX labels file. */
export async function readIdxLabels(path: string): Promise<IdxLabels> {
  return parseIdxLabels(new Uint8Array(await readFile(path)), path);
}
