/**
 * Surprisal (self-information) of an outcome: `-log p`, the information gained on seeing it.
 *
 * Units: input in nats (natural-log probability <= 0); output in nats (>= 0). A logprob of 0
 * gives 0 (never `-0`); `-Infinity` gives `Infinity`.
 * Cost: O(1).
 *
 * @param logprob natural-log probability (nats)
 * @returns surprisal in nats
 */
export function surprisal(logprob: number): number {
  return 0 - logprob;
}

/**
 * Surprisal in bits: `-log2 p = -logprob / ln 2`.
 *
 * Units: input in nats; output in bits (>= 0). Cost: O(1).
 *
 * @param logprob natural-log probability (nats)
 * @returns surprisal in bits
 */
export function surprisalBits(logprob: number): number {
  return (0 - logprob) / Math.LN2;
}
