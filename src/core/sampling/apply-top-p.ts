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
 * Nucleus (top-p) sampling, as llama.cpp's `top_p` sampler: with candidates sorted by
 * probability `p_(1) >= p_(2) >= ...`, keep the smallest prefix `1..m` whose cumulative
 * probability reaches p (`sum_{i<=m} p_(i) >= p`) and has at least `minKeep` tokens, then
 * renormalise. `p >= 1` disables it. llama.cpp accumulates in float32, this in float64, so a
 * cut that falls within float32 rounding of p may differ.
 *
 * Units: p is a probability; output logprobs in nats, normalised, sorted from most to least probable.
 * Cost: O(n) for the normaliser plus O(n log 256) when the nucleus lies within the 256 most
 * probable candidates (as llama.cpp's adaptive sort), else an O(n) radix sort.
 *
 * @param candidates ids and log-scores (logits or logprobs)
 * @param p cumulative probability to reach, in [0, 1]
 * @param minKeep keep at least this many candidates (default 0)
 * @throws {InvalidInputError} when p is outside [0, 1], minKeep is not an integer >= 0, or the candidates are malformed
 */
export function applyTopP(candidates: SamplingCandidates, p: number, minKeep?: number): SamplingCandidates {
  checkCandidates(candidates);
  checkUnitInterval("topP", p);
  const keepAtLeast = checkMinKeep(minKeep);
  const scores = candidates.logprobs;
  if (p >= 1) return pickCandidates(candidates, descendingOrder(scores));
  const normaliser = logSumExp(scores);
  const first = Math.max(256, keepAtLeast);
  for (const limit of scores.length > first ? [first, scores.length] : [scores.length]) {
    const order = descendingOrder(scores, limit);
    let cumulative = 0;
    for (let index = 0; index < order.length; index++) {
      cumulative += Math.exp((scores[order[index] as number] as number) - normaliser);
      if (cumulative >= p && index + 1 >= keepAtLeast)
        return pickCandidates(candidates, order.slice(0, index + 1));
    }
    if (limit === scores.length) return pickCandidates(candidates, order);
  }
  return pickCandidates(candidates, descendingOrder(scores));
}
