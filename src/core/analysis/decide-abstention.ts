import { formatPosition } from "../display/display-units.js";
import { InvalidInputError } from "../errors.js";
import type { TokenLogprob } from "../types.js";
import { summarizeSequence } from "./summarize-sequence.js";

/**
 * When to abstain ("I'm not sure"):
 * - `min-token-prob`: abstain when some token's probability is below `threshold` (0..1);
 * - `mean-logprob`: abstain when the mean logprob (nats per token) is below `threshold` (<= 0);
 * - `joint-probability`: abstain when the whole sequence's probability is below `threshold` (0..1).
 */
export interface AbstentionPolicy {
  kind: "min-token-prob" | "mean-logprob" | "joint-probability";
  threshold: number;
}

/** The outcome of {@link decideAbstention}, with the number that decided it. */
export interface AbstentionDecision {
  abstain: boolean;
  /** A sentence saying why, with the value and threshold. */
  reason: string;
  /** The policy that was applied. */
  kind: AbstentionPolicy["kind"];
  /**
   * The measured value in the policy's units (probability, or nats per token for
   * `mean-logprob`); `null` when no token has a known logprob (then the decision is to abstain).
   */
  value: number | null;
  threshold: number;
  /** Index of the least probable token, for `min-token-prob`. */
  position?: number;
}

const allowedKinds = ["min-token-prob", "mean-logprob", "joint-probability"] as const;

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/**
 * Decides whether to abstain from an answer, by a threshold on one confidence measure, and says
 * why. Abstention happens when the value is strictly below the threshold; comparisons of
 * probabilities are done in log space (`logprob < ln threshold`), so a joint probability that
 * underflows to 0 is still compared exactly.
 *
 * Rules: tokens with unknown logprobs are skipped (see {@link summarizeSequence}); when no token
 * is scored there is no evidence of confidence, so the decision is to abstain, with `value: null`.
 *
 * Cost: O(n) for n tokens.
 *
 * @param tokens tokens of the answer
 * @param policy which measure and threshold
 * @returns the decision, the value, the threshold and (for `min-token-prob`) the position
 * @throws {InvalidInputError} for an unknown `policy.kind` or a threshold outside its range
 * @throws {InvalidLogprobDataError} when a logprob is NaN or positive beyond rounding
 */
export function decideAbstention(
  tokens: readonly TokenLogprob[],
  policy: AbstentionPolicy,
): AbstentionDecision {
  const { kind, threshold } = policy;
  if (!allowedKinds.includes(kind)) {
    throw new InvalidInputError("policy.kind", `policy.kind is ${String(kind)}`, allowedKinds.join(" | "));
  }
  if (kind === "mean-logprob") {
    if (typeof threshold !== "number" || Number.isNaN(threshold) || threshold > 0) {
      throw new InvalidInputError(
        "policy.threshold",
        `policy.threshold is ${threshold}`,
        "a logprob in nats <= 0",
      );
    }
  } else if (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1)) {
    throw new InvalidInputError(
      "policy.threshold",
      `policy.threshold is ${threshold}`,
      "a probability in [0, 1]",
    );
  }
  const summary = summarizeSequence(tokens);
  if (summary.tokenCount === 0) {
    return {
      abstain: true,
      reason: "no token has a known logprob, so confidence cannot be measured",
      kind,
      value: null,
      threshold,
    };
  }
  const verdict = (abstain: boolean) => (abstain ? "is below" : "is not below");
  if (kind === "min-token-prob") {
    const least = summary.leastConfident!;
    const abstain = least.logprob < Math.log(threshold);
    const value = Math.exp(least.logprob);
    return {
      abstain,
      reason: `the least probable token (${JSON.stringify(least.token)} at ${formatPosition(least.index)}) has probability ${format(value)}, which ${verdict(abstain)} the threshold ${format(threshold)}`,
      kind,
      value,
      threshold,
      position: least.index,
    };
  }
  if (kind === "mean-logprob") {
    const value = summary.meanLogprob!;
    const abstain = value < threshold;
    return {
      abstain,
      reason: `the mean logprob over ${summary.tokenCount} tokens is ${format(value)} nats, which ${verdict(abstain)} the threshold ${format(threshold)}`,
      kind,
      value,
      threshold,
    };
  }
  const abstain = summary.jointLogprob < Math.log(threshold);
  const value = Math.exp(summary.jointLogprob);
  return {
    abstain,
    reason: `the joint probability of the ${summary.tokenCount} tokens is ${value === 0 ? `exp(${format(summary.jointLogprob)})` : format(value)}, which ${verdict(abstain)} the threshold ${format(threshold)}`,
    kind,
    value,
    threshold,
  };
}
