import { logSumExp } from "../math/log-sum-exp.js";
import {
  checkCandidates,
  checkMinKeep,
  checkUnitInterval,
  descendingOrder,
  pickCandidates,
  type SamplingCandidates,
} from "./sampling-candidates.js";

/**
 * Locally typical sampling (Meister et al. 2022), as llama.cpp's `typical` sampler: with
 * probabilities `p_i` and entropy `H = -sum_i p_i ln p_i`, order the candidates by how far their
 * surprisal is from the entropy, `|-ln p_i - H|` (ascending; ties keep index order), and keep the
 * shortest prefix whose cumulative probability exceeds p (strictly: `sum > p`) and holds at least
 * `minKeep` tokens; then renormalise. `p >= 1` disables it.
 *
 * Units: p is a probability mass; H in nats; output logprobs in nats, normalised, sorted from most
 * to least probable (llama.cpp leaves them in typicality order; the set is the same).
 * Cost: O(n) (radix sorts) plus O(n) exponentials.
 *
 * @param candidates ids and log-scores (logits or logprobs)
 * @param p probability mass to keep, in [0, 1]
 * @param minKeep keep at least this many candidates (default 0)
 * @throws {InvalidInputError} when p is outside [0, 1], minKeep is not an integer >= 0, or the candidates are malformed
 */
export function applyTypicalP(
  candidates: SamplingCandidates,
  p: number,
  minKeep?: number,
): SamplingCandidates {
  checkCandidates(candidates);
  checkUnitInterval("typicalP", p);
  const keepAtLeast = checkMinKeep(minKeep);
  const scores = candidates.logprobs;
  if (p >= 1) return pickCandidates(candidates, descendingOrder(scores));
  const normaliser = logSumExp(scores);
  const count = scores.length;
  const logprobs = new Float64Array(count);
  let entropy = 0;
  for (let index = 0; index < count; index++) {
    const logprob = (scores[index] as number) - normaliser;
    logprobs[index] = logprob;
    if (logprob > Number.NEGATIVE_INFINITY) entropy -= Math.exp(logprob) * logprob;
  }
  const distance = new Float64Array(count);
  for (let index = 0; index < count; index++)
    distance[index] = Math.abs(-(logprobs[index] as number) - entropy);
  // Ascending distance = descending negated distance (stable: ties keep index order).
  for (let index = 0; index < count; index++) distance[index] = -(distance[index] as number);
  const byTypicality = descendingOrder(distance);
  let kept = count;
  let cumulative = 0;
  for (let position = 0; position < count; position++) {
    cumulative += Math.exp(logprobs[byTypicality[position] as number] as number);
    if (cumulative > p && (keepAtLeast === 0 || position >= keepAtLeast - 1)) {
      kept = position + 1;
      break;
    }
  }
  const chosen = byTypicality.slice(0, kept);
  const order = descendingOrder(chosen.map((index) => scores[index] as number)).map(
    (position) => chosen[position] as number,
  );
  return pickCandidates(candidates, order);
}
