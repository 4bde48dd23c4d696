import { checkConfidenceOutcomes, type Outcome } from "./calibration-inputs.js";

/**
 * Brier score of binary probability forecasts: `BS = (1/n) sum_i (p_i - y_i)^2`, with `y_i` 1 for
 * a correct (positive) outcome and 0 otherwise. Lower is better; 0 is a perfect forecast. Same
 * definition as scikit-learn's `brier_score_loss` for binary outcomes.
 *
 * Units: squared probability, in [0, 1]. Cost: O(n).
 *
 * @param probabilities forecast probabilities of the positive outcome, in [0, 1]
 * @param outcomes what happened (true/1 = positive)
 * @throws {InvalidInputError} naming the bad entry, a length mismatch or empty input
 */
export function brierScore(probabilities: readonly number[], outcomes: readonly Outcome[]): number {
  const values = checkConfidenceOutcomes(probabilities, outcomes, {
    confidences: "probabilities",
    correct: "outcomes",
  });
  let sum = 0;
  for (let index = 0; index < values.length; index++) {
    const difference = (probabilities[index] as number) - (values[index] as number);
    sum += difference * difference;
  }
  return sum / values.length;
}
