import { InvalidInputError } from "../errors.js";

/** A binary outcome: `true`/`1` = correct (positive), `false`/`0` = incorrect (negative). */
export type Outcome = boolean | 0 | 1;

/**
 * Checks paired confidence/outcome arrays and returns the outcomes as 0/1 numbers.
 * Confidences must be finite numbers in [0, 1] when `unitInterval` (probabilities), else any
 * finite number (scores). Cost: O(n).
 *
 * @throws {InvalidInputError} naming `confidences[i]` / `correct[i]`, or a length mismatch, or empty input
 */
export function checkConfidenceOutcomes(
  confidences: readonly number[],
  correct: readonly Outcome[],
  names: { confidences: string; correct: string } = { confidences: "confidences", correct: "correct" },
  unitInterval = true,
): number[] {
  if (!Array.isArray(confidences) || !Array.isArray(correct)) {
    throw new InvalidInputError(
      names.confidences,
      `${names.confidences} and ${names.correct} must be arrays`,
    );
  }
  if (confidences.length !== correct.length) {
    throw new InvalidInputError(
      names.correct,
      `${names.confidences} has ${confidences.length} entries but ${names.correct} has ${correct.length}`,
      "the same length as " + names.confidences,
    );
  }
  if (confidences.length === 0) {
    throw new InvalidInputError(names.confidences, `${names.confidences} is empty`, "at least one entry");
  }
  const outcomes: number[] = new Array(correct.length);
  for (let index = 0; index < confidences.length; index++) {
    const confidence = confidences[index];
    const valid =
      typeof confidence === "number" &&
      Number.isFinite(confidence) &&
      (!unitInterval || (confidence >= 0 && confidence <= 1));
    if (!valid) {
      throw new InvalidInputError(
        `${names.confidences}[${index}]`,
        `${names.confidences}[${index}] is ${String(confidence)}`,
        unitInterval ? "a probability in [0, 1]" : "a finite number",
      );
    }
    const outcome = correct[index];
    if (outcome === true || outcome === 1) outcomes[index] = 1;
    else if (outcome === false || outcome === 0) outcomes[index] = 0;
    else {
      throw new InvalidInputError(
        `${names.correct}[${index}]`,
        `${names.correct}[${index}] is ${String(outcome)}`,
        "true/false or 1/0",
      );
    }
  }
  return outcomes;
}
