import { InvalidInputError } from "../errors.js";
import { logSumExp } from "../math/log-sum-exp.js";

/** One candidate label with the joint logprob of its token sequence. */
export interface LabelLogprob {
  label: string;
  /** `sum_t log p(token_t | prompt, earlier label tokens)` (nats, <= 0; `-Infinity` allowed). */
  logprob: number;
}

/** One label of a normalised distribution. */
export interface LabelScore {
  label: string;
  /** Probability among the candidate labels (0..1; they sum to 1). */
  probability: number;
  /** `log probability` (nats, <= 0). */
  logprob: number;
  /** The label's joint logprob under the model, before renormalisation (nats). */
  sequenceLogprob: number;
}

/** A distribution over candidate labels. */
export interface LabelDistribution {
  /** Labels from most to least probable (ties keep input order). */
  labels: LabelScore[];
  /**
   * Total model probability of the candidate label sequences, `sum_i exp(l_i)` (0..1): how much of
   * the model's mass went to the labels at all. A small value means the model wanted to say
   * something else, so the renormalised probabilities deserve less trust.
   */
  coveredMass: number;
}

/**
 * Classification by label likelihood: softmax over the candidate labels' sequence logprobs,
 * `P(label_i) = exp(l_i) / sum_j exp(l_j) = exp(l_i - logSumExp(l))`, where `l_i` is the joint
 * logprob of label i's tokens given the prompt (unnormalised for length: it is the probability of
 * the whole label string).
 *
 * Units: input and output logprobs in nats; probabilities in [0, 1]. Cost: O(k log k) for k labels.
 *
 * @param labelLogprobs the candidate labels with their sequence logprobs
 * @throws {InvalidInputError} on an empty list, a duplicate label, a NaN or positive logprob
 *   (field `labelLogprobs[i].logprob`), or when every label has probability 0
 */
export function normalizeLabelScores(labelLogprobs: readonly LabelLogprob[]): LabelDistribution {
  if (!Array.isArray(labelLogprobs) || labelLogprobs.length === 0) {
    throw new InvalidInputError("labelLogprobs", "no candidate labels were given", "at least one label");
  }
  const seen = new Set<string>();
  const values: number[] = [];
  labelLogprobs.forEach((entry, index) => {
    if (typeof entry?.label !== "string") {
      throw new InvalidInputError(
        `labelLogprobs[${index}].label`,
        `labelLogprobs[${index}].label is not a string`,
        "a string",
      );
    }
    if (seen.has(entry.label)) {
      throw new InvalidInputError(
        `labelLogprobs[${index}].label`,
        `label ${JSON.stringify(entry.label)} appears twice`,
        "distinct labels",
      );
    }
    seen.add(entry.label);
    const logprob = entry.logprob;
    if (typeof logprob !== "number" || Number.isNaN(logprob) || logprob > 0) {
      throw new InvalidInputError(
        `labelLogprobs[${index}].logprob`,
        `labelLogprobs[${index}].logprob is ${String(logprob)}`,
        "a logprob in nats <= 0",
      );
    }
    values.push(logprob);
  });
  const normaliser = logSumExp(values);
  if (normaliser === Number.NEGATIVE_INFINITY) {
    throw new InvalidInputError(
      "labelLogprobs",
      "every label has probability 0",
      "at least one finite logprob",
    );
  }
  const labels = labelLogprobs.map((entry, index) => {
    const logprob = (values[index] as number) - normaliser;
    return { label: entry.label, probability: Math.exp(logprob), logprob, sequenceLogprob: entry.logprob };
  });
  labels.sort((a, b) => b.logprob - a.logprob);
  return { labels, coveredMass: Math.min(1, Math.exp(normaliser)) };
}
