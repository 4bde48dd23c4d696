import type { TokenLogprob } from "../types.js";
import { knownLogprob } from "./known-logprob.js";
import { summarizeSequence } from "./summarize-sequence.js";

/** Confidence of a whole sequence, as probabilities. `null` fields: no scored token. */
export interface SequenceConfidence {
  /** Number of scored tokens (logprob known). */
  tokenCount: number;
  /** `exp(mean logprob)` = `(prod_i p_i)^(1/n)`: the typical per-token probability, 0..1. Equals 1 / perplexity. */
  geometricMeanProbability: number | null;
  /** `(1/n) sum_i p_i`: the average per-token probability, 0..1 (>= the geometric mean). */
  arithmeticMeanProbability: number | null;
  /** `min_i p_i`: the weakest token's probability, 0..1. */
  minProbability: number | null;
  /** `exp(sum_i l_i)` = `prod_i p_i`: probability of the whole sequence, 0..1 (1 when no token is scored). May underflow to 0 for long sequences; use `jointLogprob` then. */
  jointProbability: number;
  /** `sum_i l_i` (nats): the joint probability in log space, never underflows. */
  jointLogprob: number;
}

/**
 * Sequence-level confidence: the geometric-mean token probability (length-normalised, the usual
 * choice to compare answers of different lengths), the arithmetic mean, the minimum, and the
 * joint probability of the whole sequence.
 *
 * Tokens with unknown logprobs (`null`, `-9999`, `-Infinity`) are skipped, as in
 * {@link summarizeSequence}. Cost: O(n), one array of n numbers.
 *
 * @param tokens tokens of a sequence
 * @returns the confidence figures (probabilities in 0..1)
 * @throws {InvalidLogprobDataError} when a logprob is NaN or positive beyond rounding
 */
export function sequenceConfidence(tokens: readonly TokenLogprob[]): SequenceConfidence {
  const summary = summarizeSequence(tokens);
  let probabilitySum = 0;
  if (summary.tokenCount > 0) {
    for (let index = 0; index < tokens.length; index++) {
      const logprob = knownLogprob(tokens[index]?.logprob, index, "logprob");
      if (logprob !== null) probabilitySum += Math.exp(logprob);
    }
  }
  const scored = summary.tokenCount > 0;
  return {
    tokenCount: summary.tokenCount,
    geometricMeanProbability: summary.meanLogprob === null ? null : Math.exp(summary.meanLogprob),
    arithmeticMeanProbability: scored ? probabilitySum / summary.tokenCount : null,
    minProbability: summary.minLogprob === null ? null : Math.exp(summary.minLogprob),
    jointProbability: Math.exp(summary.jointLogprob),
    jointLogprob: summary.jointLogprob,
  };
}
