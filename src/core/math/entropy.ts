import { logSumExp } from "./log-sum-exp.js";

/**
 * Exact Shannon entropy of a full, normalised distribution given by its logprobs:
 * `H = -sum_i p_i log p_i = -sum_i exp(l_i) * l_i`.
 *
 * Units: input logprobs in nats; output in nats (divide by `Math.LN2` for bits).
 * Terms with `l_i = -Infinity` contribute 0 (the limit of `p log p` as p -> 0).
 * The input is trusted to sum to 1 in probability; for logits or an unnormalised vector use
 * {@link entropyFromLogits}. A tiny negative result from rounding is returned as 0.
 * Cost: O(n), no allocation.
 *
 * @param logprobs natural-log probabilities of every outcome (the full vocabulary)
 * @returns entropy in nats (>= 0)
 */
export function entropy(logprobs: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < logprobs.length; index++) {
    const logprob = logprobs[index] as number;
    if (logprob === Number.NEGATIVE_INFINITY) continue;
    sum -= Math.exp(logprob) * logprob;
  }
  return Math.max(sum, 0);
}

/**
 * Exact entropy of `softmax(logits)`, normalising with log-sum-exp:
 * with `Z = logSumExp(logits)` and `l_i = x_i - Z`, `H = -sum_i exp(l_i) * l_i = Z - sum_i p_i x_i`.
 * The first form is used (it does not lose precision when `Z` is large).
 *
 * Units: logits in nats (any real offset); output in nats. Entries of `-Infinity` (masked tokens)
 * contribute 0. An empty input or one that is all `-Infinity` gives `NaN` (no distribution).
 * Cost: O(n), three passes, no allocation.
 *
 * @param logits unnormalised natural-log scores, one per outcome
 * @returns entropy of the softmax distribution in nats (>= 0)
 */
export function entropyFromLogits(logits: ArrayLike<number>): number {
  const normaliser = logSumExp(logits);
  if (!Number.isFinite(normaliser)) return Number.NaN;
  let sum = 0;
  for (let index = 0; index < logits.length; index++) {
    const logit = logits[index] as number;
    if (logit === Number.NEGATIVE_INFINITY) continue;
    const logprob = logit - normaliser;
    sum -= Math.exp(logprob) * logprob;
  }
  return Math.max(sum, 0);
}
