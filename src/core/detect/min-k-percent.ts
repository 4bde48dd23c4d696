/**
 * Min-K% probability (Shi et al. 2023, "Detecting Pretraining Data from Large Language Models")
 * and Min-K%++ (Zhang et al. 2024, "Min-K%++: Improved Baseline for Detecting Pre-Training Data
 * from Large Language Models"): membership-inference scores; higher means the text is more
 * likely to have been in the model's training data.
 */

/**
 * How many of `n` values the lowest `percent` percent keeps: `int(n * ratio)` as the official
 * code of both papers computes it (swj0419/detect-pretrain-code and zjysteven/mink-plus-plus
 * `run.py`: `k_length = int(len(token_log_probs) * ratio)`), in floating point with
 * `ratio = percent / 100`, so that the count matches theirs exactly (e.g. n = 90 at 70%:
 * `90 * 0.7 = 62.99999999999999`, 62 values, where exact arithmetic gives 63). One difference on
 * purpose: where that count is 0 (a text shorter than 1 / ratio tokens) the official code takes the
 * mean of nothing (NaN); here at least one value is kept, so short texts get a score.
 */
export function lowestPercentCount(n: number, percent: number): number {
  return Math.max(1, Math.trunc(n * (percent / 100)));
}

/**
 * Mean of the lowest `k` percent of the values: the {@link lowestPercentCount} smallest.
 * Cost: O(n log n).
 *
 * @param values per-token scores
 * @param percent k in (0, 100]
 * @throws {RangeError} on empty input or k out of range
 */
export function meanOfLowestPercent(values: readonly number[], percent: number): number {
  if (!(percent > 0 && percent <= 100))
    throw new RangeError(`k must be a percentage in (0, 100] (got ${percent})`);
  if (values.length === 0) throw new RangeError("no token was scored");
  const kept = lowestPercentCount(values.length, percent);
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (let index = 0; index < kept; index++) sum += sorted[index] as number;
  return sum / kept;
}

/**
 * Min-K% prob: the mean of the lowest k% token logprobs `log p(x_t | x_<t)` (nats).
 * Cost: O(n log n).
 */
export function minKPercentProbability(tokenLogprobs: readonly number[], percent: number): number {
  return meanOfLowestPercent(tokenLogprobs, percent);
}

/**
 * Mean and standard deviation of `log p(v)` when v is drawn from p (one position's full
 * distribution): `mu = sum_v p(v) log p(v)` (minus the entropy) and
 * `sigma = sqrt(sum_v p(v) (log p(v))^2 - mu^2)`. Cost: O(V), no allocation.
 */
export function logprobMoments(logprobs: ArrayLike<number>): { mean: number; deviation: number } {
  let mean = 0;
  let second = 0;
  for (let index = 0; index < logprobs.length; index++) {
    const logprob = logprobs[index] as number;
    if (logprob === Number.NEGATIVE_INFINITY) continue;
    const probability = Math.exp(logprob);
    mean += probability * logprob;
    second += probability * logprob * logprob;
  }
  return { mean, deviation: Math.sqrt(Math.max(0, second - mean * mean)) };
}

/**
 * Min-K%++ score of one token: `(log p(x_t) - mu_t) / sigma_t` with the moments of
 * {@link logprobMoments}. A one-hot distribution (sigma 0) gives 0 when the token is the sure one,
 * else -Infinity. Cost: O(1) given the moments.
 */
export function minKPlusPlusTokenScore(
  tokenLogprob: number,
  moments: { mean: number; deviation: number },
): number {
  const centered = tokenLogprob - moments.mean;
  if (moments.deviation === 0) return centered >= 0 ? 0 : Number.NEGATIVE_INFINITY;
  return centered / moments.deviation;
}

/**
 * Min-K%++: the mean of the lowest k% per-token scores of {@link minKPlusPlusTokenScore}.
 * Cost: O(n log n).
 */
export function minKPercentPlusPlus(tokenScores: readonly number[], percent: number): number {
  return meanOfLowestPercent(tokenScores, percent);
}
