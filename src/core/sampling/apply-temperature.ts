import { InvalidInputError } from "../errors.js";
import {
  checkCandidates,
  descendingOrder,
  pickCandidates,
  type SamplingCandidates,
} from "./sampling-candidates.js";

/**
 * Temperature: `softmax(x_i / T)`. T < 1 sharpens the distribution, T > 1 flattens it.
 * `T = 0` is greedy, as llama.cpp's `temp` sampler: only the most probable candidate is kept
 * (the first one on ties), with logprob 0.
 *
 * Units: T dimensionless; output logprobs in nats, normalised, sorted from most to least probable.
 * Cost: O(n) (a radix sort; see `descendingOrder`), allocating a few arrays of n.
 *
 * @param candidates ids and log-scores (logits or logprobs)
 * @param temperature T >= 0
 * @throws {InvalidInputError} when T is negative, NaN or infinite, or the candidates are malformed
 */
export function applyTemperature(candidates: SamplingCandidates, temperature: number): SamplingCandidates {
  checkCandidates(candidates);
  if (typeof temperature !== "number" || !Number.isFinite(temperature) || temperature < 0) {
    throw new InvalidInputError(
      "temperature",
      `temperature is ${temperature}`,
      "a finite number >= 0 (0 = greedy)",
    );
  }
  if (temperature === 0) {
    let best = -1;
    for (let index = 0; index < candidates.logprobs.length; index++) {
      const score = candidates.logprobs[index] as number;
      if (score > Number.NEGATIVE_INFINITY && (best < 0 || score > (candidates.logprobs[best] as number))) {
        best = index;
      }
    }
    return best < 0 ? { ids: [], logprobs: [] } : { ids: [candidates.ids[best] as number], logprobs: [0] };
  }
  return pickCandidates(candidates, descendingOrder(candidates.logprobs), temperature);
}
