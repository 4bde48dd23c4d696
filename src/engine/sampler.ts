/**
 * The decoding step on a full raw distribution: applies the sampling transforms (repeat penalty,
 * temperature, top-k, top-p, min-p, typical-p) and picks a token, greedily or with a seeded random
 * source, returning the processed distribution it picked from.
 */
import { UnsupportedError } from "../core/errors.js";
import type { SamplingSettings } from "../core/types.js";

/** Result of one decoding step. */
export interface SamplerStep {
  /** Chosen token id. */
  chosen: number;
  /** The distribution the token was chosen from, logprobs indexed by id (-Infinity = removed). */
  processed: Float64Array;
}

/** A decoding policy for one generation. */
export interface Sampler {
  /** True when the token is the most probable one (temperature 0 or absent). */
  readonly greedy: boolean;
  /** True when the settings change the distribution before the choice (e.g. a repeat penalty). */
  readonly transformsDistribution: boolean;
  /** The settings in effect, with the seed actually used when sampling. */
  readonly settings: SamplingSettings;
  /** One step on a full raw logprob vector, given every token so far (prompt included). O(V). */
  step(raw: Float64Array, history: readonly number[]): SamplerStep;
}

function argmaxOf(logprobs: Float64Array): number {
  let best = 0;
  for (let id = 1; id < logprobs.length; id++) if (logprobs[id]! > logprobs[best]!) best = id;
  return best;
}

/** Creates the sampler of one generation. */
export function createSampler(settings: SamplingSettings): Sampler {
  const greedy = (settings.temperature ?? 0) === 0;
  const transforms = settings.repeatPenalty !== undefined && settings.repeatPenalty !== 1;
  if (!greedy || transforms) {
    throw new UnsupportedError("sampling", "sampling settings other than greedy are not available yet");
  }
  return {
    greedy,
    transformsDistribution: transforms,
    settings: { ...settings },
    step(raw) {
      const chosen = argmaxOf(raw);
      const processed = new Float64Array(raw.length).fill(Number.NEGATIVE_INFINITY);
      processed[chosen] = 0;
      return { chosen, processed };
    },
  };
}
