/**
 * Cross-entropy of two full distributions given by their logprobs:
 * `H(P, Q) = -sum_i p_i log q_i`: the expected surprisal, under Q's logprobs, of a token drawn
 * from P. `H(P, P)` is the entropy of P, and `H(P, Q) = H(P) + KL(P || Q)`.
 *
 * Units: natural logs in, nats out. Terms with `p_i = 0` contribute 0; `p_i > 0` with `q_i = 0`
 * gives `Infinity`. Both inputs are trusted to be normalised.
 * Cost: O(V), one pass, no allocation.
 *
 * @param pLogprobs logprobs of P (the distribution tokens are drawn from), indexed by token id
 * @param qLogprobs logprobs of Q (the distribution that scores them), same length
 * @returns H(P, Q) in nats (>= 0)
 * @throws {RangeError} when the lengths differ
 */
export function crossEntropy(pLogprobs: ArrayLike<number>, qLogprobs: ArrayLike<number>): number {
  if (pLogprobs.length !== qLogprobs.length) {
    throw new RangeError(
      `the two distributions must cover the same vocabulary (got ${pLogprobs.length} and ${qLogprobs.length} entries)`,
    );
  }
  let sum = 0;
  for (let index = 0; index < pLogprobs.length; index++) {
    const p = pLogprobs[index] as number;
    if (p === Number.NEGATIVE_INFINITY) continue;
    const q = qLogprobs[index] as number;
    if (q === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
    sum -= Math.exp(p) * q;
  }
  return Math.max(sum, 0);
}
