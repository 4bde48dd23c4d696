import type { SamplingSettings } from "../types.js";
import { applyMinP } from "./apply-min-p.js";
import { applyTemperature } from "./apply-temperature.js";
import { applyTopK } from "./apply-top-k.js";
import { applyTopP } from "./apply-top-p.js";
import { applyTypicalP } from "./apply-typical-p.js";
import { checkCandidates, type SamplingCandidates } from "./sampling-candidates.js";

/**
 * Applies sampling settings in llama.cpp's default sampler order:
 * top-k -> typical-p -> top-p -> min-p -> temperature, returning the distribution actually
 * sampled from (logprobs renormalised over the kept candidates, nats, most probable first).
 * This is what `logprobsMode: "processed"` reports.
 *
 * Rules: a setting that is absent or at its "disabled" value (topK 0, typicalP 1, topP 1, minP 0)
 * is skipped. `temperature` 0 or absent means greedy (as `GenerateRequest.sampling` says): only
 * the most probable candidate remains, with logprob 0. `repeatPenalty` needs the token history and
 * `seed` drives the draw, so both are the caller's business (the penalty goes before this call).
 * No `minKeep` is applied (llama.cpp's default is 0).
 *
 * Cost: O(n) radix sorts of the n candidates; O(n log k) when top-k (k <= n/8) cuts first.
 *
 * @param candidates ids and log-scores (logits or logprobs) of the full distribution
 * @param settings sampling settings
 * @throws {InvalidInputError} naming the setting when one is outside its range
 */
export function applySamplingSettings(
  candidates: SamplingCandidates,
  settings: SamplingSettings,
): SamplingCandidates {
  checkCandidates(candidates);
  let current = candidates;
  if (settings.topK !== undefined && settings.topK !== 0) current = applyTopK(current, settings.topK);
  if (settings.typicalP !== undefined && settings.typicalP !== 1)
    current = applyTypicalP(current, settings.typicalP);
  if (settings.topP !== undefined && settings.topP !== 1) current = applyTopP(current, settings.topP);
  if (settings.minP !== undefined && settings.minP !== 0) current = applyMinP(current, settings.minP);
  return applyTemperature(current, settings.temperature ?? 0);
}
