import { meanLogprob } from "./mean-logprob.js";

/**
 * Perplexity of a scored token sequence: `PPL = exp(-(1/n) sum_i l_i)`, the inverse geometric
 * mean of the token probabilities. 1 means every token had probability 1; a uniform guess over
 * V tokens has perplexity V.
 *
 * Units: dimensionless (an effective number of choices per token), >= 1 for logprobs <= 0.
 * Cost: O(n) (compensated summation), no allocation.
 *
 * @param logprobs natural-log probabilities (nats) of the scored tokens, at least one
 * @returns the perplexity
 * @throws {InvalidInputError} when `logprobs` is empty
 */
export function perplexity(logprobs: ArrayLike<number>): number {
  return Math.exp(-meanLogprob(logprobs));
}
