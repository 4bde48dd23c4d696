/**
 * Sequence-level confidence measures to compare in calibration: each maps a generated answer's
 * tokens to one number, higher meaning "more confident".
 */
import { knownLogprob } from "../analysis/known-logprob.js";
import type { TokenLogprob } from "../types.js";

/** The measures, in report order. */
export const CONFIDENCE_MEASURES = [
  "joint-probability",
  "mean-logprob",
  "min-token-probability",
  "mean-entropy",
  "first-token-margin",
] as const;

/** One confidence measure's name. */
export type ConfidenceMeasure = (typeof CONFIDENCE_MEASURES)[number];

/** What a measure's value means. */
export interface ConfidenceMeasureInfo {
  /** One line: the definition. */
  description: string;
  /** True when the value is in [0, 1], so that ECE and the Brier score apply to it. */
  probability: boolean;
}

/** Definitions of the measures. */
export const CONFIDENCE_MEASURE_INFO: Readonly<Record<ConfidenceMeasure, ConfidenceMeasureInfo>> = {
  "joint-probability": { description: "prod_i p_i = exp(sum of token logprobs)", probability: true },
  "mean-logprob": {
    description: "exp(mean token logprob), the geometric-mean token probability",
    probability: true,
  },
  "min-token-probability": { description: "min_i p_i, the weakest token's probability", probability: true },
  "mean-entropy": {
    description: "minus the mean exact entropy (nats) of the token distributions; not a probability",
    probability: false,
  },
  "first-token-margin": {
    description: "p(top-1) - p(top-2) at the first generated token",
    probability: true,
  },
};

/** The measures of one answer; `null` where a measure cannot be computed from the data given. */
export type ConfidenceValues = Record<ConfidenceMeasure, number | null>;

/**
 * Computes every confidence measure of an answer's tokens. Tokens with unknown logprobs (`null`,
 * -9999, -Infinity) are skipped as in `summarizeSequence`. `mean-entropy` needs exact entropy on
 * every scored token; `first-token-margin` needs at least two alternatives at the first token.
 * An answer without a scored token gets `null` everywhere.
 *
 * Units: probabilities in [0, 1]; mean-entropy in nats (<= 0). Cost: O(n + k).
 *
 * @throws {InvalidLogprobDataError} when a logprob is NaN or positive beyond rounding
 */
export function confidenceValues(tokens: readonly TokenLogprob[]): ConfidenceValues {
  let sum = 0;
  let count = 0;
  let minimum = 0;
  let entropySum = 0;
  let entropyKnown = true;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as TokenLogprob;
    const logprob = knownLogprob(token.logprob, index, "logprob");
    if (logprob === null) continue;
    sum += logprob;
    minimum = count === 0 ? logprob : Math.min(minimum, logprob);
    count++;
    if (typeof token.entropy === "number" && Number.isFinite(token.entropy)) entropySum += token.entropy;
    else entropyKnown = false;
  }
  if (count === 0) {
    return {
      "joint-probability": null,
      "mean-logprob": null,
      "min-token-probability": null,
      "mean-entropy": null,
      "first-token-margin": null,
    };
  }
  const first = tokens[0]?.top ?? [];
  const sorted = first.map((alternative) => alternative.logprob).sort((a, b) => b - a);
  const margin = sorted.length >= 2 ? Math.exp(sorted[0] as number) - Math.exp(sorted[1] as number) : null;
  return {
    "joint-probability": Math.exp(sum),
    "mean-logprob": Math.exp(sum / count),
    "min-token-probability": Math.exp(minimum),
    "mean-entropy": entropyKnown ? -(entropySum / count) : null,
    "first-token-margin": margin === null ? null : Math.min(1, Math.max(0, margin)),
  };
}
