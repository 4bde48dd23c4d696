/**
 * The least confident tokens of a sequence: the `count` tokens with the smallest known logprob,
 * least probable first (ties keep sequence order). Tokens with unknown logprobs are skipped.
 * Cost: O(n log n).
 */
import type { TokenLogprob } from "../../../src/core/index.js";

/** One entry of the list. */
export interface RankedToken {
  index: number;
  token: TokenLogprob;
  logprob: number;
}

/** The `count` least probable tokens (see module comment). */
export function leastConfidentTokens(tokens: readonly TokenLogprob[], count: number): RankedToken[] {
  const known: RankedToken[] = [];
  tokens.forEach((token, index) => {
    if (token.logprob !== null && Number.isFinite(token.logprob) && token.logprob !== -9999) {
      known.push({ index, token, logprob: token.logprob });
    }
  });
  known.sort((a, b) => a.logprob - b.logprob || a.index - b.index);
  return known.slice(0, Math.max(0, count));
}
