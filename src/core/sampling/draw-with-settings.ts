import type { SamplerCandidate, TokenSampler } from "../model.js";
import type { SamplingSettings } from "../types.js";
import { applySamplingSettings } from "./apply-sampling-settings.js";
import { sampleIndex } from "./sample-index.js";

/**
 * Draws from `candidates` after applying sampling settings (llama.cpp's order: top-k, typical-p,
 * top-p, min-p, temperature; see `applySamplingSettings`) with the step's seeded `random`.
 * Temperature 0 or absent picks the most probable candidate without drawing. Returns the index into
 * `candidates`.
 *
 * Cost: O(n) for n candidates (radix sorts) plus one draw.
 */
export function chooseWithSettings(
  candidates: readonly SamplerCandidate[],
  settings: SamplingSettings,
  random: () => number,
): number {
  const ids = candidates.map((_, index) => index);
  const logprobs = candidates.map((candidate) => candidate.logprob);
  const temperature = settings.temperature ?? 0;
  const processed = applySamplingSettings({ ids, logprobs }, { ...settings, temperature });
  const drawn = temperature === 0 ? 0 : sampleIndex(processed.logprobs, random);
  return processed.ids[drawn] as number;
}

/** Built-in sampler: always the most probable candidate (the first; ties keep id order). O(1). */
export const greedySampler: TokenSampler = () => 0;

/**
 * Built-in sampler from {@link SamplingSettings}: temperature, top-k, top-p, min-p and typical-p,
 * exactly as the engine applies them (llama.cpp's order), drawing with the step's seeded `random`.
 * `repeatPenalty` and `seed` are not used here (the seed comes from the request's `sampling.seed`).
 *
 * Cost: O(n) per step for n candidates.
 *
 * @param settings e.g. `{temperature: 0.8, topP: 0.95}`; validated on the first step
 * @throws {InvalidInputError} from the step, naming the setting when it is out of range
 */
export function settingsSampler(settings: SamplingSettings): TokenSampler {
  return (step) => chooseWithSettings(step.candidates, settings, step.random);
}
