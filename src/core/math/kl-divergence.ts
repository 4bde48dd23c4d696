/**
 * Kullback-Leibler divergence of two full distributions given by their logprobs:
 * `KL(P || Q) = sum_i p_i (log p_i - log q_i)`, with `p_i = exp(pLogprobs[i])`.
 *
 * Units: natural logs in, nats out (divide by `Math.LN2` for bits). Not symmetric: P is the
 * reference ("base") distribution, Q the one judged against it, as in llama.cpp's
 * `llama-perplexity --kl-divergence`. Terms with `p_i = 0` (`-Infinity`) contribute 0; a token with
 * `p_i > 0` and `q_i = 0` makes the result `Infinity`. A tiny negative result from rounding is
 * returned as 0. Both inputs are trusted to be normalised (sum of probabilities 1).
 * Cost: O(V), one pass, no allocation.
 *
 * @param pLogprobs logprobs of the reference distribution P, indexed by token id
 * @param qLogprobs logprobs of Q over the same vocabulary (same length)
 * @returns KL(P || Q) in nats (>= 0)
 * @throws {RangeError} when the lengths differ
 */
export function klDivergence(pLogprobs: ArrayLike<number>, qLogprobs: ArrayLike<number>): number {
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
    sum += Math.exp(p) * (p - q);
  }
  return Math.max(sum, 0);
}
