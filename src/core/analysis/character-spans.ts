/**
 * Characters split across tokens. Byte-level BPE vocabularies (GPT, Qwen, Llama 3) hold many
 * characters (emoji, CJK) as several tokens, each with part of the character's UTF-8 bytes and, as
 * text, U+FFFD. This module walks the tokens' exact bytes and cuts the text into segments: whole
 * characters that lie inside one token, and characters whose bytes span several tokens, each drawn
 * once over its tokens. The probability of a split character given the text before it is the
 * product of its tokens' probabilities, so its joint logprob is their sum.
 */
import type { TokenLogprob } from "../types.js";

/** A piece of the decoded text and the tokens it comes from. */
export interface TextSegment {
  /** The decoded text (U+FFFD for bytes that are not valid UTF-8). */
  text: string;
  /** First and last index of the tokens holding its bytes (equal unless a character is split). */
  first: number;
  last: number;
  /** Sum of the logprobs of tokens `first..last` (nats), `null` when one is unknown. */
  logprob: number | null;
}

const decoder = new TextDecoder("utf-8");

/** Length of the UTF-8 sequence that `lead` starts, or 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Incremental segmentation, for output that streams token by token: `push` returns the segments
 * that the token completes; `finish` returns what is left (an incomplete character becomes U+FFFD
 * over its tokens). Cost: O(bytes).
 */
export class CharacterSegmenter {
  /** Bytes of the character still open, the tokens that gave them and their summed logprob. */
  #pending: number[] = [];
  #pendingFirst = 0;
  #pendingLast = 0;
  #pendingLogprob: number | null = 0;

  /** Adds token `index`; a token without bytes contributes its text as it is. */
  push(token: Pick<TokenLogprob, "token" | "bytes" | "logprob">, index: number): TextSegment[] {
    const segments: TextSegment[] = [];
    const emit = (segment: TextSegment) => {
      const previous = segments.at(-1);
      const single = segment.first === segment.last;
      if (
        previous &&
        single &&
        previous.first === index &&
        previous.last === index &&
        segment.first === index
      ) {
        previous.text += segment.text;
      } else segments.push(segment);
    };
    if (token.bytes.length === 0) {
      if (token.token === "") return segments;
      for (const rest of this.finish()) emit(rest);
      emit({ text: token.token, first: index, last: index, logprob: token.logprob });
      return segments;
    }
    let own: number[] = [];
    const flushOwn = () => {
      if (own.length > 0) {
        emit({
          text: decoder.decode(Uint8Array.from(own)),
          first: index,
          last: index,
          logprob: token.logprob,
        });
      }
      own = [];
    };
    let contributed = false;
    for (const byte of token.bytes) {
      if (this.#pending.length > 0) {
        if (byte >= 0x80 && byte <= 0xbf) {
          this.#pending.push(byte);
          this.#pendingLast = index;
          contributed = true;
          if (this.#pending.length === sequenceLength(this.#pending[0]!)) {
            const within = this.#pendingFirst === index;
            emit({
              text: decoder.decode(Uint8Array.from(this.#pending)),
              first: this.#pendingFirst,
              last: index,
              logprob: within ? token.logprob : addLogprob(this.#pendingLogprob, token.logprob),
            });
            this.#pending = [];
            contributed = false;
          }
          continue;
        }
        // Cut short by a byte that cannot continue it: the open bytes are invalid on their own.
        emit({
          text: "\uFFFD",
          first: this.#pendingFirst,
          last: this.#pendingLast,
          logprob: contributed ? addLogprob(this.#pendingLogprob, token.logprob) : this.#pendingLogprob,
        });
        this.#pending = [];
        contributed = false;
      }
      const length = sequenceLength(byte);
      if (length <= 1) {
        own.push(byte);
        continue;
      }
      flushOwn();
      this.#pending = [byte];
      this.#pendingFirst = index;
      this.#pendingLast = index;
      this.#pendingLogprob = 0;
      contributed = true;
    }
    flushOwn();
    if (this.#pending.length > 0 && contributed) {
      this.#pendingLogprob = addLogprob(this.#pendingLogprob, token.logprob);
    }
    return segments;
  }

  /** The rest: an unfinished character as U+FFFD over its tokens. */
  finish(): TextSegment[] {
    if (this.#pending.length === 0) return [];
    this.#pending = [];
    return [
      { text: "\uFFFD", first: this.#pendingFirst, last: this.#pendingLast, logprob: this.#pendingLogprob },
    ];
  }
}

function addLogprob(sum: number | null, value: number | null): number | null {
  return sum === null || value === null ? null : sum + value;
}

/** Segments of a whole sequence (see {@link CharacterSegmenter}). Cost: O(bytes). */
export function characterSegments(
  tokens: readonly Pick<TokenLogprob, "token" | "bytes" | "logprob">[],
): TextSegment[] {
  const segmenter = new CharacterSegmenter();
  const segments = tokens.flatMap((token, index) => segmenter.push(token, index));
  return [...segments, ...segmenter.finish()];
}
