import { InvalidInputError } from "../errors.js";
import type { SamplerCandidate, TokenSampler } from "../model.js";
import type { SamplingSettings } from "../types.js";
import { chooseWithSettings } from "./draw-with-settings.js";

/** Options of {@link entropyAdaptiveTemperature}. */
export interface EntropyAdaptiveTemperatureOptions {
  /** Base temperature T0 > 0, reached as the entropy grows (default 1). */
  baseTemperature?: number;
  /** Base N in (0, 1) of the exponent (default 0.8). */
  base?: number;
  /** Scale theta > 0 (nats) of the entropy (default 1). */
  theta?: number;
  /** Truncation applied before the temperature (topK, topP, minP, typicalP; default none). */
  truncation?: Omit<SamplingSettings, "temperature" | "seed" | "repeatPenalty">;
}

/**
 * Entropy (nats) of the candidates' distribution, `H = -sum_i p_i ln p_i`, with the logprobs
 * renormalised over the candidates. Cost: O(n).
 */
export function candidateEntropy(candidates: readonly SamplerCandidate[]): number {
  let maximum = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) if (candidate.logprob > maximum) maximum = candidate.logprob;
  let total = 0;
  for (const candidate of candidates) total += Math.exp(candidate.logprob - maximum);
  const normaliser = maximum + Math.log(total);
  let entropy = 0;
  for (const candidate of candidates) {
    const logprob = candidate.logprob - normaliser;
    if (logprob > Number.NEGATIVE_INFINITY) entropy -= Math.exp(logprob) * logprob;
  }
  return Math.max(0, entropy);
}

/**
 * The temperature of entropy-based dynamic temperature sampling (EDT, Zhang et al. 2024,
 * "EDT: Improving Large Language Models' Generation by Entropy-based Dynamic Temperature
 * Sampling"): `T = T0 * N^(theta / H)`. With N < 1, a confident step (small entropy H) gets a
 * temperature near 0 (almost greedy), an uncertain one a temperature near T0. H = 0 gives T = 0.
 *
 * Units: H and theta in nats; T dimensionless. Cost: O(1).
 */
export function edtTemperature(entropy: number, baseTemperature = 1, base = 0.8, theta = 1): number {
  if (!(entropy > 0)) return 0;
  return baseTemperature * base ** (theta / entropy);
}

function checkOption(field: string, value: number, ok: boolean, allowed: string): void {
  if (typeof value !== "number" || !ok) {
    throw new InvalidInputError(field, `${field} is ${value}`, allowed);
  }
}

/**
 * Built-in sampler: entropy-adaptive temperature. At each step it measures the entropy H of the raw
 * candidate distribution, sets `T = T0 * N^(theta / H)` ({@link edtTemperature}), then draws with
 * that temperature (after the optional truncation) using the step's seeded `random`.
 *
 * Cost: O(n) per step for n candidates.
 *
 * @throws {InvalidInputError} naming the option when it is out of range
 */
export function entropyAdaptiveTemperature(options: EntropyAdaptiveTemperatureOptions = {}): TokenSampler {
  const baseTemperature = options.baseTemperature ?? 1;
  const base = options.base ?? 0.8;
  const theta = options.theta ?? 1;
  checkOption(
    "baseTemperature",
    baseTemperature,
    baseTemperature > 0 && baseTemperature <= 100,
    "a number greater than 0 and at most 100",
  );
  checkOption("base", base, base > 0 && base < 1, "a number strictly between 0 and 1");
  checkOption("theta", theta, theta > 0 && Number.isFinite(theta), "a finite number greater than 0");
  const truncation = options.truncation ?? {};
  return (step) => {
    const temperature = edtTemperature(candidateEntropy(step.candidates), baseTemperature, base, theta);
    return chooseWithSettings(step.candidates, { ...truncation, temperature }, step.random);
  };
}
