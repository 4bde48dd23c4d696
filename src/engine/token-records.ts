/**
 * Builds the {@link TokenLogprob} records of a token sequence: text from the tokens' exact bytes
 * (decoded as a stream, so a character split across tokens is attributed to the token that
 * completes it), offsets into the decoded text, and the statistics of each position.
 */
import type { TokenLogprob, TopAlternative } from "../core/types.js";
import type { IdLogprob } from "./position-stats.js";
import type { TokenBytes } from "./token-bytes.js";

const lossy = new TextDecoder("utf-8", { fatal: false });

/** Text of one token alone: its bytes decoded, with U+FFFD for a partial character. */
export function tokenText(bytes: Uint8Array): string {
  return lossy.decode(bytes);
}

/** Top alternatives as core records (text, bytes, id, logprob). */
export function topAlternatives(top: readonly IdLogprob[], bytesOf: TokenBytes): TopAlternative[] {
  return top.map(({ id, logprob }) => {
    const bytes = bytesOf(id);
    return { token: tokenText(bytes), logprob, bytes: [...bytes], id };
  });
}

/** The numbers of one token under the stated distribution. */
export interface TokenNumbers {
  logprob: number | null;
  top: readonly IdLogprob[];
  entropy?: number;
  rank?: number;
}

/**
 * Accumulates a decoded text token by token. `textOffset` of each record is the length (UTF-16
 * code units) of the text decoded before the token's first byte was complete.
 */
export class TextAssembler {
  readonly #bytesOf: TokenBytes;
  readonly #decoder = new TextDecoder("utf-8", { fatal: false });
  #text = "";

  constructor(bytesOf: TokenBytes) {
    this.#bytesOf = bytesOf;
  }

  /** Text decoded so far (a trailing partial character is held back until completed or flushed). */
  get text(): string {
    return this.#text;
  }

  /** Appends a token and returns its record. */
  push(id: number, numbers: TokenNumbers, prompt = false): TokenLogprob {
    const bytes = this.#bytesOf(id);
    const textOffset = this.#text.length;
    this.#text += this.#decoder.decode(bytes, { stream: true });
    const record: TokenLogprob = {
      token: tokenText(bytes),
      bytes: [...bytes],
      id,
      logprob: numbers.logprob,
      top: topAlternatives(numbers.top, this.#bytesOf),
      textOffset,
    };
    if (numbers.entropy !== undefined) record.entropy = numbers.entropy;
    if (numbers.rank !== undefined) record.rank = numbers.rank;
    if (prompt) record.prompt = true;
    return record;
  }

  /** Decodes any held-back partial character (as U+FFFD) and returns the full text. */
  finish(): string {
    this.#text += this.#decoder.decode();
    return this.#text;
  }
}
