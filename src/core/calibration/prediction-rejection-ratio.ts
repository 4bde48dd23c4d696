import { InvalidInputError } from "../errors.js";

function checkPairs(confidences: readonly number[], quality: readonly number[]): void {
  if (!Array.isArray(confidences) || !Array.isArray(quality) || confidences.length !== quality.length) {
    throw new InvalidInputError(
      "quality",
      `confidences has ${confidences?.length} entries but quality has ${quality?.length}`,
      "the same length as confidences",
    );
  }
  if (confidences.length === 0)
    throw new InvalidInputError("confidences", "confidences is empty", "at least one entry");
  for (const [name, values] of [
    ["confidences", confidences],
    ["quality", quality],
  ] as const) {
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new InvalidInputError(
          `${name}[${index}]`,
          `${name}[${index}] is ${String(value)}`,
          "a finite number",
        );
      }
    }
  }
}

/**
 * Area under the prediction-rejection curve, as lm-polygraph's `PredictionRejectionArea`
 * defines it: order the predictions from most to least confident; for each kept count
 * `m = 1..n` (rejection rate `1 - m/n`) take the mean quality of the m most confident; average
 * those n means: `PRA = (1/n) sum_{m=1..n} (1/m) sum_{j<=m} q_(j)`.
 *
 * Ties in confidence are resolved by their expected value over random orderings (each tied item
 * gets the mean quality of its tie group), so the result does not depend on sort order; lm-polygraph
 * leaves ties to `np.argsort`. Qualities are used as given (lm-polygraph first min-max scales
 * them to [0, 1]; {@link predictionRejectionRatio} is unaffected by that scaling).
 *
 * Units: those of `quality`. Cost: O(n log n).
 *
 * @param confidences higher = more confident (lm-polygraph's estimator is the negated confidence)
 * @param quality per-prediction quality, higher = better (e.g. 1 correct / 0 wrong, or a score)
 * @throws {InvalidInputError} on empty, mismatched or non-finite input
 */
export function predictionRejectionArea(confidences: readonly number[], quality: readonly number[]): number {
  checkPairs(confidences, quality);
  return rejectionArea(confidences, quality);
}

function rejectionArea(confidences: readonly number[], quality: readonly number[]): number {
  const count = confidences.length;
  const order = Array.from({ length: count }, (_, index) => index);
  order.sort((a, b) => (confidences[b] as number) - (confidences[a] as number));
  const sorted = new Float64Array(count);
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && confidences[order[end] as number] === confidences[order[start] as number]) end++;
    let groupSum = 0;
    for (let position = start; position < end; position++)
      groupSum += quality[order[position] as number] as number;
    sorted.fill(groupSum / (end - start), start, end);
    start = end;
  }
  let cumulative = 0;
  let area = 0;
  for (let kept = 1; kept <= count; kept++) {
    cumulative += sorted[kept - 1] as number;
    area += cumulative / kept;
  }
  return area / count;
}

/**
 * Prediction rejection ratio (PRR), as lm-polygraph normalises its prediction-rejection area:
 * `PRR = (PRA - PRA_random) / (PRA_oracle - PRA_random)`, where `PRA_oracle` ranks by the true
 * quality (best first) and `PRA_random` is the expected area of a random ranking, which is exactly
 * the mean quality (every kept subset of a random ranking has expected mean equal to the overall
 * mean; lm-polygraph estimates it with 1000 random shuffles). 1 = confidence ranks answers as well
 * as the oracle, 0 = no better than chance, negative = worse than chance.
 *
 * Units: dimensionless (invariant to affine rescaling of `quality`). Cost: O(n log n).
 *
 * @param confidences higher = more confident
 * @param quality per-prediction quality, higher = better (e.g. 1 correct / 0 wrong)
 * @returns the PRR, or `null` when every quality is equal (oracle = random: the ratio is undefined)
 * @throws {InvalidInputError} on empty, mismatched or non-finite input
 */
export function predictionRejectionRatio(
  confidences: readonly number[],
  quality: readonly number[],
): number | null {
  checkPairs(confidences, quality);
  let mean = 0;
  for (const value of quality) mean += value;
  mean /= quality.length;
  const oracle = rejectionArea(quality, quality);
  if (Math.abs(oracle - mean) <= 1e-12 * Math.max(1, Math.abs(mean))) return null;
  return (rejectionArea(confidences, quality) - mean) / (oracle - mean);
}
