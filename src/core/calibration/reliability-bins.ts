import { InvalidInputError } from "../errors.js";
import { checkConfidenceOutcomes, type Outcome } from "./calibration-inputs.js";

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Lower edge (exclusive, except 0 for the first bin). */
  lower: number;
  /** Upper edge (inclusive). */
  upper: number;
  /** Number of predictions whose confidence falls in the bin. */
  count: number;
  /** Mean confidence of those predictions (0..1); `null` for an empty bin. */
  meanConfidence: number | null;
  /** Fraction of those predictions that were correct (0..1); `null` for an empty bin. */
  accuracy: number | null;
}

/** Default number of equal-width bins (Guo et al. 2017 use 15; 10 is the common default elsewhere). */
export const DEFAULT_CALIBRATION_BINS = 10;

/**
 * Reliability diagram data: splits [0, 1] into `bins` equal-width bins
 * `B_m = ((m-1)/M, m/M]` (the first bin also holds 0), as Guo et al. (2017) define them and as
 * scikit-learn's `calibration_curve` assigns edges, and reports each bin's count, mean confidence
 * and accuracy. Empty bins are kept (with `null` statistics) so the result always has M entries.
 *
 * Cost: O(n + M).
 *
 * @param confidences predicted probabilities of being correct, in [0, 1]
 * @param correct whether each prediction was correct
 * @param options.bins number of bins M (integer >= 1, default {@link DEFAULT_CALIBRATION_BINS})
 * @throws {InvalidInputError} naming the bad entry, a length mismatch, empty input or a bad bin count
 */
export function reliabilityBins(
  confidences: readonly number[],
  correct: readonly Outcome[],
  options: { bins?: number } = {},
): ReliabilityBin[] {
  const binCount = options.bins ?? DEFAULT_CALIBRATION_BINS;
  if (!Number.isInteger(binCount) || binCount < 1) {
    throw new InvalidInputError("bins", `bins is ${binCount}`, "an integer >= 1");
  }
  const outcomes = checkConfidenceOutcomes(confidences, correct);
  const counts = new Array<number>(binCount).fill(0);
  const confidenceSums = new Array<number>(binCount).fill(0);
  const correctSums = new Array<number>(binCount).fill(0);
  for (let index = 0; index < confidences.length; index++) {
    const confidence = confidences[index] as number;
    // Right-closed bins: ceil(c * M) - 1, with 0 in the first bin.
    const bin = Math.min(binCount - 1, Math.max(0, Math.ceil(confidence * binCount) - 1));
    counts[bin] = (counts[bin] as number) + 1;
    confidenceSums[bin] = (confidenceSums[bin] as number) + confidence;
    correctSums[bin] = (correctSums[bin] as number) + (outcomes[index] as number);
  }
  return counts.map((count, bin) => ({
    lower: bin / binCount,
    upper: (bin + 1) / binCount,
    count,
    meanConfidence: count > 0 ? (confidenceSums[bin] as number) / count : null,
    accuracy: count > 0 ? (correctSums[bin] as number) / count : null,
  }));
}
