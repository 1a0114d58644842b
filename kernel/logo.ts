/**
 * The kernelspec's logos, drawn here rather than shipped as binaries: "TS" in white on
 * TypeScript blue, encoded as a PNG with node:zlib.
 */
import { deflateSync } from "node:zlib";

const BLUE = [0x31, 0x78, 0xc6];
const WHITE = [0xff, 0xff, 0xff];
// 5×7 glyphs, one string per row.
const GLYPHS: Record<string, string[]> = {
  T: ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
  S: [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
};

/** A `size`×`size` PNG of the logo. */
export function logoPng(size: number): Buffer {
  const scale = Math.max(1, Math.floor(size / 14));
  const textWidth = (5 * 2 + 1) * scale;
  const left = size - textWidth - Math.max(1, Math.floor(size / 10));
  const top = size - 7 * scale - Math.max(1, Math.floor(size / 10));
  const pixel = (x: number, y: number): number[] => {
    const gx = Math.floor((x - left) / scale);
    const gy = Math.floor((y - top) / scale);
    if (gy < 0 || gy >= 7 || gx < 0) return BLUE;
    const letter = gx < 5 ? "T" : gx >= 6 && gx < 11 ? "S" : undefined;
    if (letter === undefined) return BLUE;
    return GLYPHS[letter]![gy]![gx < 5 ? gx : gx - 6] === "#" ? WHITE : BLUE;
  };
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y)).copy(raw, y * (size * 3 + 1) + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
