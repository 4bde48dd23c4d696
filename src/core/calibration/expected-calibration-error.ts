import type { Outcome } from "./calibration-inputs.js";
import { reliabilityBins } from "./reliability-bins.js";

/**
 * Expected calibration error (Naeini et al. 2015; Guo et al. 2017):
 * `ECE = sum_m (|B_m| / n) * |acc(B_m) - conf(B_m)|` over M equal-width confidence bins
 * (see {@link reliabilityBins} for the bin edges). 0 means that, within each bin, the mean
 * confidence equals the accuracy.
 *
 * Units: a probability difference in [0, 1]. Cost: O(n + M).
 *
 * @param confidences predicted probabilities of being correct, in [0, 1]
 * @param correct whether each prediction was correct
 * @param options.bins number of bins M (default 10)
 * @throws {InvalidInputError} naming the bad entry, a length mismatch, empty input or a bad bin count
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly Outcome[],
  options: { bins?: number } = {},
): number {
  const bins = reliabilityBins(confidences, correct, options);
  let error = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    error +=
      (bin.count / confidences.length) * Math.abs((bin.accuracy as number) - (bin.meanConfidence as number));
  }
  return error;
}
