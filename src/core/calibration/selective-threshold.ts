import { InvalidInputError } from "../errors.js";
import { checkConfidenceOutcomes, type Outcome } from "./calibration-inputs.js";

/** An operating point of selective prediction: answer when confidence >= threshold. */
export interface SelectiveThreshold {
  /** Answer when confidence >= this value. */
  threshold: number;
  /** Fraction of predictions answered (0..1). */
  coverage: number;
  /** Fraction of answered predictions that are correct (0..1). */
  precision: number;
  /** Number of predictions answered. */
  answered: number;
}

/**
 * All operating points `confidence >= t` for t over the distinct confidences, from the highest
 * threshold (fewest answers) to the lowest. Tied confidences are answered together.
 * Cost: O(n log n).
 */
export function selectiveOperatingPoints(
  confidences: readonly number[],
  correct: readonly Outcome[],
): SelectiveThreshold[] {
  const outcomes = checkConfidenceOutcomes(confidences, correct, undefined, false);
  const count = confidences.length;
  const order = Array.from({ length: count }, (_, index) => index);
  order.sort((a, b) => (confidences[b] as number) - (confidences[a] as number));
  const points: SelectiveThreshold[] = [];
  let answered = 0;
  let right = 0;
  for (let position = 0; position < count; position++) {
    const index = order[position] as number;
    answered++;
    right += outcomes[index] as number;
    const next = order[position + 1];
    if (next !== undefined && confidences[next] === confidences[index]) continue;
    points.push({
      threshold: confidences[index] as number,
      coverage: answered / count,
      precision: right / answered,
      answered,
    });
  }
  return points;
}

/**
 * The lowest confidence threshold whose answered set (`confidence >= t`) reaches a target
 * precision, i.e. the largest coverage at that precision. Precision is not monotonic in t, so
 * every distinct threshold is checked.
 *
 * Cost: O(n log n).
 *
 * @param confidences confidence scores (finite; higher = more confident)
 * @param correct whether each prediction was correct
 * @param targetPrecision required fraction correct among answered, in [0, 1]
 * @returns the operating point, or `undefined` when no threshold reaches the precision
 * @throws {InvalidInputError} when the target is outside [0, 1], or on bad input
 */
export function thresholdForPrecision(
  confidences: readonly number[],
  correct: readonly Outcome[],
  targetPrecision: number,
): SelectiveThreshold | undefined {
  if (typeof targetPrecision !== "number" || !(targetPrecision >= 0 && targetPrecision <= 1)) {
    throw new InvalidInputError(
      "targetPrecision",
      `targetPrecision is ${targetPrecision}`,
      "a number in [0, 1]",
    );
  }
  let best: SelectiveThreshold | undefined;
  for (const point of selectiveOperatingPoints(confidences, correct)) {
    if (point.precision >= targetPrecision) best = point;
  }
  return best;
}

/**
 * The highest confidence threshold whose answered set (`confidence >= t`) covers at least a target
 * fraction of the predictions, with the precision obtained there. Because tied confidences are
 * answered together, the coverage reached may exceed the target.
 *
 * Cost: O(n log n).
 *
 * @param confidences confidence scores (finite; higher = more confident)
 * @param correct whether each prediction was correct
 * @param targetCoverage fraction of predictions to answer, in (0, 1]
 * @returns the operating point
 * @throws {InvalidInputError} when the target is outside (0, 1], or on bad input
 */
export function thresholdForCoverage(
  confidences: readonly number[],
  correct: readonly Outcome[],
  targetCoverage: number,
): SelectiveThreshold {
  if (typeof targetCoverage !== "number" || !(targetCoverage > 0 && targetCoverage <= 1)) {
    throw new InvalidInputError(
      "targetCoverage",
      `targetCoverage is ${targetCoverage}`,
      "a number in (0, 1]",
    );
  }
  const points = selectiveOperatingPoints(confidences, correct);
  const needed = Math.ceil(targetCoverage * confidences.length - 1e-9);
  for (const point of points) if (point.answered >= needed) return point;
  return points[points.length - 1] as SelectiveThreshold;
}
