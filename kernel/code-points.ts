/**
 * Jupyter counts cursor positions in Unicode code points; JavaScript strings index UTF-16
 * code units. These convert between the two.
 */

/** UTF-16 index of the `codePoints`-th code point of `text` (clamped to its length). */
export function fromCodePoints(text: string, codePoints: number): number {
  let index = 0;
  for (let n = 0; n < codePoints && index < text.length; n++) {
    const code = text.codePointAt(index)!;
    index += code > 0xffff ? 2 : 1;
  }
  return index;
}

/** Number of code points in `text` before UTF-16 index `index`. */
export function toCodePoints(text: string, index: number): number {
  let count = 0;
  for (let i = 0; i < index && i < text.length; count++) {
    const code = text.codePointAt(i)!;
    i += code > 0xffff ? 2 : 1;
  }
  return count;
}
