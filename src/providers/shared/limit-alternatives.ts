/**
 * Cuts each token's alternatives to the k that were asked for, for backends that must be asked for
 * at least one (llama-server's `n_probs: 0` returns no logprobs at all).
 */
import type { LogprobSequence } from "../../core/types.js";

/** A copy of `sequence` with at most `k` alternatives per token. Cost: O(tokens). */
export function limitAlternatives(sequence: LogprobSequence, k: number): LogprobSequence {
  if (sequence.tokens.every((token) => token.top.length <= k)) return sequence;
  return { ...sequence, tokens: sequence.tokens.map((token) => ({ ...token, top: token.top.slice(0, k) })) };
}
