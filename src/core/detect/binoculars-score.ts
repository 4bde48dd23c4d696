/**
 * Binoculars score as the official code computes it (ahans30/Binoculars, `binoculars/detector.py`
 * `compute_score` with `binoculars/metrics.py`): the performer's log-perplexity of the text divided
 * by the log cross-perplexity of the observer's distributions against the performer's,
 *   `B = ppl / x_ppl`,
 *   `ppl = -(1/L) sum_t log P_t(x_t)` (`perplexity(encodings, performer_logits)`),
 *   `x_ppl = (1/L) sum_t H(O_t, P_t) = -(1/L) sum_t sum_v O_t(v) log P_t(v)`
 *   (`entropy(observer_logits, performer_logits)`: cross-entropy with the observer's softmax as
 *   the target and the performer's logits as the input),
 * where `O_t` and `P_t` are the observer's and performer's next-token distributions at position
 * t (same tokenizer). Low scores suggest machine-generated text. The paper's eq. 1-3 name the roles
 * the other way round (observer perplexity, performer probabilities); the released code, whose
 * thresholds (0.9015 for accuracy, 0.8536 for low false positives, for Falcon-7B / -instruct) people
 * use, is what this follows.
 *
 * One difference on purpose: the official `x_ppl` also averages the position after the last token
 * (its `entropy` runs over every input position, `perplexity` over every position but the last),
 * so its two means cover L + 1 and L positions. Here both cover the L positions that predict a
 * token of the text; the extra term has no token to score and is not computed.
 *
 * When the observer is the performer, `H(O_t, O_t)` is the entropy of `O_t`, so B is the mean
 * surprisal divided by the mean entropy of the model's own distributions.
 *
 * Units: dimensionless (nats / nats). Cost: O(L) here; each cross-entropy is O(V) (see
 * `crossEntropy`).
 *
 * @param performerLogprobs `log P_t(x_t)` for each scored token (nats, <= 0)
 * @param crossEntropies `H(O_t, P_t)` for the same tokens (nats, > 0 somewhere)
 * @throws {RangeError} when the inputs are empty, of different lengths, or every cross-entropy is 0
 */
export function binocularsScore(
  performerLogprobs: readonly number[],
  crossEntropies: readonly number[],
): number {
  if (performerLogprobs.length === 0) throw new RangeError("binoculars needs at least one scored token");
  if (performerLogprobs.length !== crossEntropies.length) {
    throw new RangeError(
      `got ${performerLogprobs.length} logprobs but ${crossEntropies.length} cross-entropies`,
    );
  }
  let surprisal = 0;
  let cross = 0;
  for (let index = 0; index < performerLogprobs.length; index++) {
    surprisal -= performerLogprobs[index] as number;
    cross += crossEntropies[index] as number;
  }
  if (!(cross > 0))
    throw new RangeError("the cross-perplexity is 1 (every cross-entropy is 0): B is undefined");
  return surprisal / cross;
}
