import { InvalidInputError } from "../errors.js";
import {
  checkCandidates,
  descendingOrder,
  pickCandidates,
  type SamplingCandidates,
} from "./sampling-candidates.js";

/**
 * Top-k, as llama.cpp's `top_k` sampler: keep the k highest-scoring candidates (all of them when
 * k >= n), then renormalise. `k <= 0` disables it (everything is kept). Ties at the cut keep the
 * lower index.
 *
 * Units: output logprobs in nats, normalised, sorted from most to least probable.
 * Cost: O(n log k) with a heap when k <= n/8, else O(n) with a radix sort.
 *
 * @param candidates ids and log-scores (logits or logprobs)
 * @param k number of candidates to keep (an integer; <= 0 = disabled)
 * @throws {InvalidInputError} when k is not an integer, or the candidates are malformed
 */
export function applyTopK(candidates: SamplingCandidates, k: number): SamplingCandidates {
  checkCandidates(candidates);
  if (!Number.isInteger(k)) throw new InvalidInputError("topK", `topK is ${k}`, "an integer (0 = disabled)");
  const limit = k <= 0 ? candidates.logprobs.length : k;
  return pickCandidates(candidates, descendingOrder(candidates.logprobs, limit));
}
