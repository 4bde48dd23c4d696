/**
 * Reads the text a command works on from a file or, for "-", from stdin, as strict UTF-8.
 */
import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../core/errors.js";

/** Where to read stdin from (injectable for tests). */
export type StdinSource = AsyncIterable<Uint8Array | string>;

/** Thrown inside {@link readAll} when the input passes its byte limit. */
class TooLongError extends Error {}

async function readAll(source: StdinSource, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) throw new TooLongError();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads `path` ("-" for stdin) as UTF-8 text. Cost: the whole input is held in memory.
 *
 * @param path a file path, or "-" for stdin
 * @param argumentName how the argument is named in errors (e.g. "FILE")
 * @param stdin the stdin stream (default `process.stdin`)
 * @param limits `maxStdinBytes`: stdin longer than this is refused (default: no limit)
 * @throws {InvalidInputError} naming the argument when the file cannot be read, is not valid
 *   UTF-8, holds no text, or (stdin) passes `maxStdinBytes`
 */
export async function readTextInput(
  path: string,
  argumentName: string,
  stdin: StdinSource = process.stdin,
  limits: { maxStdinBytes?: number } = {},
): Promise<string> {
  let bytes: Uint8Array;
  const where = path === "-" ? "stdin" : `"${path}"`;
  const maxBytes = limits.maxStdinBytes ?? Number.POSITIVE_INFINITY;
  try {
    bytes = path === "-" ? await readAll(stdin, maxBytes) : await readFile(path);
  } catch (error) {
    if (error instanceof TooLongError) {
      throw new InvalidInputError(
        argumentName,
        `stdin is longer than ${maxBytes} bytes, the most read whole (for --json or several inputs)`,
        "a shorter input, or - alone with the default or --jsonl output, which stream",
      );
    }
    const reason =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new InvalidInputError(
      argumentName,
      `cannot read ${where} (${reason})`,
      "a readable text file, or - for stdin",
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInputError(argumentName, `${where} is not valid UTF-8 text`);
  }
  if (text.length === 0)
    throw new InvalidInputError(argumentName, `${where} is empty; there is nothing to read`);
  return text;
}
