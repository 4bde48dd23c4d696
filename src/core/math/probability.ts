/**
 * Probability of a token from its natural-log probability: `p = exp(logprob)`.
 *
 * Units: input in nats (<= 0); output a probability in [0, 1]. `-Infinity` gives 0.
 * Cost: O(1).
 *
 * @param logprob natural-log probability (nats)
 * @returns the probability `exp(logprob)`
 */
export function probability(logprob: number): number {
  return Math.exp(logprob);
}
