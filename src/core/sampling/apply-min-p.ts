import {
  checkCandidates,
  checkMinKeep,
  checkUnitInterval,
  descendingOrder,
  pickCandidates,
  type SamplingCandidates,
} from "./sampling-candidates.js";

/**
 * Min-p, as llama.cpp's `min_p` sampler: keep the candidates whose probability is at least
 * `p` times the most probable one's, i.e. `x_i >= x_max + ln p` in log space, then renormalise.
 * When fewer than `minKeep` pass, the `minKeep` most probable are kept. `p <= 0` disables it.
 *
 * Units: p is a ratio of probabilities; output logprobs in nats, normalised, sorted from most to
 * least probable. Cost: O(n) to filter plus a radix or heap sort of the m kept candidates.
 *
 * @param candidates ids and log-scores (logits or logprobs)
 * @param p ratio to the top probability, in [0, 1]
 * @param minKeep keep at least this many candidates (default 0)
 * @throws {InvalidInputError} when p is outside [0, 1], minKeep is not an integer >= 0, or the candidates are malformed
 */
export function applyMinP(candidates: SamplingCandidates, p: number, minKeep?: number): SamplingCandidates {
  checkCandidates(candidates);
  checkUnitInterval("minP", p);
  const keepAtLeast = checkMinKeep(minKeep);
  const scores = candidates.logprobs;
  if (p <= 0) return pickCandidates(candidates, descendingOrder(scores));
  let maximum = Number.NEGATIVE_INFINITY;
  for (const score of scores) if (score > maximum) maximum = score;
  const cut = maximum + Math.log(p);
  const passing: number[] = [];
  for (let index = 0; index < scores.length; index++)
    if ((scores[index] as number) >= cut) passing.push(index);
  if (passing.length < keepAtLeast) return pickCandidates(candidates, descendingOrder(scores, keepAtLeast));
  const passingScores = passing.map((index) => scores[index] as number);
  const order = descendingOrder(passingScores).map((position) => passing[position] as number);
  return pickCandidates(candidates, order);
}
