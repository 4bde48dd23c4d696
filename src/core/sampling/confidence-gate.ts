import { formatPosition } from "../display/display-units.js";
import { InvalidInputError } from "../errors.js";
import type { SamplerCandidate, TokenSampler } from "../model.js";
import { greedySampler } from "./draw-with-settings.js";

/**
 * Built-in sampler: a confidence gate. Lets `inner` (greedy by default) choose each token, and
 * stops generation, returning the tokens chosen so far, at the first step where the chosen token's
 * raw probability is below `minProbability` (that token is not emitted). Use it to answer only as
 * far as the model is sure, and say "I'm not sure" after that.
 *
 * Rule: stop when `exp(logprob) < minProbability` (a token exactly at the gate passes).
 * Cost: one `inner` call per step, O(1) more.
 *
 * @param minProbability the gate, a probability in [0, 1]
 * @param inner the sampler that chooses (default {@link greedySampler})
 * @throws {InvalidInputError} (field `minProbability`) when the gate is outside [0, 1]
 */
export function confidenceGate(minProbability: number, inner: TokenSampler = greedySampler): TokenSampler {
  if (typeof minProbability !== "number" || !(minProbability >= 0 && minProbability <= 1)) {
    throw new InvalidInputError(
      "minProbability",
      `minProbability is ${minProbability}`,
      "a probability in [0, 1]",
    );
  }
  return (step) => {
    const decision = inner(step);
    if (typeof decision !== "number") return decision;
    const chosen = step.candidates[decision] as SamplerCandidate | undefined;
    if (chosen === undefined) return decision; // invalid index: reported by the caller
    const probability = Math.exp(chosen.logprob);
    if (probability < minProbability) {
      return {
        stop: true,
        reason: `token ${formatPosition(step.index)} ${JSON.stringify(chosen.token)} has probability ${probability.toPrecision(4)}, below the confidence gate ${minProbability}`,
      };
    }
    return decision;
  };
}
