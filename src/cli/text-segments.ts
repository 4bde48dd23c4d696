/**
 * Reads a byte stream (stdin) as strict UTF-8 text in segments, so that a command can work on an
 * input of any size with memory bounded by the segment: a segment holds `size` to `2 * size`
 * characters (the last one fewer) and ends right after a line end when the text has one there
 * (else after whitespace, else anywhere but inside a character).
 */
import { InvalidInputError } from "../core/errors.js";
import type { StdinSource } from "./read-text-input.js";

/**
 * Where the segment at the start of `buffer` (at least `2 * size` characters) ends: after the first
 * line end from `size` on, else after the last whitespace before `2 * size`, else at `2 * size`
 * (moved back one when that would split a surrogate pair).
 */
function segmentEnd(buffer: string, size: number): number {
  const line = buffer.indexOf("\n", size - 1);
  if (line >= 0 && line < 2 * size) return line + 1;
  const window = buffer.slice(0, 2 * size);
  const space = Math.max(window.lastIndexOf(" "), window.lastIndexOf("\t"));
  if (space >= 0) return space + 1;
  const high = buffer.charCodeAt(2 * size - 1);
  return high >= 0xd800 && high <= 0xdbff ? 2 * size - 1 : 2 * size;
}

/**
 * The segments of `source`. Cost: O(input) time, O(segmentCharacters + one chunk) memory.
 * (Each segment is copied out of the buffer once.)
 *
 * @param argumentName how the input is named in errors (e.g. "FILE")
 * @throws {InvalidInputError} naming the argument when the input is not valid UTF-8 or is empty
 */
export async function* textSegments(
  source: StdinSource,
  segmentCharacters: number,
  argumentName: string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let buffer = "";
  let any = false;
  const decode = (chunk: Uint8Array | string, last: boolean): string => {
    if (typeof chunk === "string") return chunk;
    try {
      return decoder.decode(chunk, { stream: !last });
    } catch {
      throw new InvalidInputError(argumentName, "stdin is not valid UTF-8 text");
    }
  };
  for await (const chunk of source) {
    buffer += decode(chunk, false);
    while (buffer.length >= 2 * segmentCharacters) {
      const end = segmentEnd(buffer, segmentCharacters);
      any = true;
      yield buffer.slice(0, end);
      buffer = buffer.slice(end);
    }
  }
  buffer += decode(new Uint8Array(0), true);
  if (buffer.length > 0) {
    any = true;
    yield buffer;
  }
  if (!any) throw new InvalidInputError(argumentName, "stdin is empty; there is nothing to read");
}
