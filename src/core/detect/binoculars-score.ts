/**
 * Binoculars score (Hans et al. 2024, "Spotting LLMs With Binoculars", eq. 1-3): the observer's
 * log-perplexity of the text divided by the observer/performer cross-perplexity,
 *   `B = logPPL_O(s) / logXPPL_{O,P}(s)`,
 *   `logPPL_O(s) = -(1/L) sum_t log O_t(x_t)`,
 *   `logXPPL_{O,P}(s) = (1/L) sum_t H(P_t, O_t) = -(1/L) sum_t sum_v P_t(v) log O_t(v)`,
 * where `O_t` and `P_t` are the observer's and performer's next-token distributions at position t
 * (same tokenizer). Low scores suggest machine-generated text. The paper's released code swaps the
 * roles (performer perplexity, observer probabilities); this follows the paper's formula.
 *
 * When the observer is the performer, `H(O_t, O_t)` is the entropy of `O_t`, so B is the mean
 * surprisal divided by the mean entropy of the model's own distributions.
 *
 * Units: dimensionless (nats / nats). Cost: O(L) here; each cross-entropy is O(V) (see
 * `crossEntropy`).
 *
 * @param observerLogprobs `log O_t(x_t)` for each scored token (nats, <= 0)
 * @param crossEntropies `H(P_t, O_t)` for the same tokens (nats, > 0 somewhere)
 * @throws {RangeError} when the inputs are empty, of different lengths, or every cross-entropy is 0
 */
export function binocularsScore(
  observerLogprobs: readonly number[],
  crossEntropies: readonly number[],
): number {
  if (observerLogprobs.length === 0) throw new RangeError("binoculars needs at least one scored token");
  if (observerLogprobs.length !== crossEntropies.length) {
    throw new RangeError(
      `got ${observerLogprobs.length} logprobs but ${crossEntropies.length} cross-entropies`,
    );
  }
  let surprisal = 0;
  let cross = 0;
  for (let index = 0; index < observerLogprobs.length; index++) {
    surprisal -= observerLogprobs[index] as number;
    cross += crossEntropies[index] as number;
  }
  if (!(cross > 0))
    throw new RangeError("the cross-perplexity is 1 (every cross-entropy is 0): B is undefined");
  return surprisal / cross;
}
