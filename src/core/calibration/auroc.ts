import { InvalidInputError } from "../errors.js";
import { checkConfidenceOutcomes, type Outcome } from "./calibration-inputs.js";

/**
 * Area under the ROC curve, via the Mann-Whitney U statistic: the probability that a randomly
 * chosen positive has a higher score than a randomly chosen negative, counting ties as 1/2.
 * With average ranks `r_i` (1-based, ties get the mean of their ranks) and `n_+` positives,
 * `n_-` negatives: `AUROC = (sum_{i positive} r_i - n_+ (n_+ + 1) / 2) / (n_+ n_-)`.
 * Equals scikit-learn's `roc_auc_score` for binary labels.
 *
 * Units: dimensionless in [0, 1]; 0.5 is chance. Cost: O(n log n).
 *
 * @param scores any finite scores, higher meaning "more likely positive" (e.g. confidences)
 * @param labels true/1 for positives, false/0 for negatives
 * @throws {InvalidInputError} when only one class is present, or on bad or mismatched input
 */
export function auroc(scores: readonly number[], labels: readonly Outcome[]): number {
  const outcomes = checkConfidenceOutcomes(
    scores,
    labels,
    { confidences: "scores", correct: "labels" },
    false,
  );
  const count = scores.length;
  let positives = 0;
  for (const outcome of outcomes) positives += outcome;
  const negatives = count - positives;
  if (positives === 0 || negatives === 0) {
    throw new InvalidInputError(
      "labels",
      "AUROC needs at least one positive and one negative label",
      "both classes present",
    );
  }
  const order = Array.from({ length: count }, (_, index) => index);
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positiveRankSum = 0;
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && scores[order[end] as number] === scores[order[start] as number]) end++;
    // Positions start..end-1 hold tied scores: each gets the average rank (start + 1 + end) / 2.
    const averageRank = (start + 1 + end) / 2;
    for (let position = start; position < end; position++) {
      positiveRankSum += (outcomes[order[position] as number] as number) * averageRank;
    }
    start = end;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
