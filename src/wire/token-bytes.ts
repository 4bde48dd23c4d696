/** UTF-8 bytes of token text, for formats that do not send them. */

const encoder = new TextEncoder();

/** UTF-8 encoding of `text` as a plain number array. Cost: O(length). */
export function utf8Bytes(text: string): number[] {
  return Array.from(encoder.encode(text));
}
