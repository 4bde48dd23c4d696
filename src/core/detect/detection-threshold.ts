/**
 * Choosing a detection threshold from labelled scores: the AUROC of the score, and the threshold
 * with the highest true-positive rate whose false-positive rate stays at or below a target.
 * A text is flagged positive when its oriented score is >= the threshold.
 */
import { auroc } from "../calibration/auroc.js";
import { InvalidInputError } from "../errors.js";

/** A threshold chosen on labelled data. */
export interface DetectionThreshold {
  /** Flag a text positive when its score is >= this (after orientation, see `higherIsPositive`). */
  threshold: number;
  /** False-positive rate at the threshold on the labelled data (negatives flagged / negatives). */
  falsePositiveRate: number;
  /** True-positive rate (positives flagged / positives). */
  truePositiveRate: number;
}

/** Result of {@link calibrateDetection}. */
export interface DetectionCalibration {
  /** Area under the ROC curve of the oriented score (0.5 = chance). */
  auroc: number;
  positives: number;
  negatives: number;
  /** The target false-positive rate. */
  targetFalsePositiveRate: number;
  /**
   * The best threshold meeting the target; its `threshold` is in the score's own units and
   * direction (for `higherIsPositive: false`, flag a text when its score is <= the threshold).
   */
  best: DetectionThreshold;
  higherIsPositive: boolean;
}

/**
 * Computes AUROC and the threshold with the highest TPR at FPR <= `targetFalsePositiveRate` (of
 * thresholds with that TPR, the highest, which has the lowest FPR).
 * Candidates are the observed scores (and +Infinity, which flags nothing: TPR 0, FPR 0).
 * Cost: O(n log n).
 *
 * @param scores one finite score per labelled text
 * @param labels true = positive (machine-written, or a training-set member)
 * @param targetFalsePositiveRate in [0, 1]
 * @param higherIsPositive false when low scores mean positive (e.g. Binoculars); scores are negated
 *   internally and the threshold is reported back in the score's units
 * @throws {InvalidInputError} when a class is missing, lengths differ, or the target is out of range
 */
export function calibrateDetection(
  scores: readonly number[],
  labels: readonly boolean[],
  targetFalsePositiveRate: number,
  higherIsPositive = true,
): DetectionCalibration {
  if (!(targetFalsePositiveRate >= 0 && targetFalsePositiveRate <= 1)) {
    throw new InvalidInputError(
      "fpr",
      `fpr must be a number from 0 to 1 (got ${targetFalsePositiveRate})`,
      "0 to 1",
    );
  }
  const oriented = scores.map((score) => (higherIsPositive ? score : -score));
  const area = auroc(oriented, labels);
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  // Sweep the scores from highest to lowest; a group of tied scores is flagged together.
  const order = oriented
    .map((_, index) => index)
    .sort((a, b) => (oriented[b] as number) - (oriented[a] as number));
  let best: DetectionThreshold = {
    threshold: Number.POSITIVE_INFINITY,
    falsePositiveRate: 0,
    truePositiveRate: 0,
  };
  let truePositives = 0;
  let falsePositives = 0;
  let start = 0;
  while (start < order.length) {
    const candidate = oriented[order[start] as number] as number;
    let end = start;
    while (end < order.length && oriented[order[end] as number] === candidate) {
      if (labels[order[end] as number]) truePositives++;
      else falsePositives++;
      end++;
    }
    const falsePositiveRate = falsePositives / negatives;
    if (falsePositiveRate > targetFalsePositiveRate) break;
    // Lower thresholds only add false positives unless they also add true positives.
    const truePositiveRate = truePositives / positives;
    if (truePositiveRate > best.truePositiveRate)
      best = { threshold: candidate, falsePositiveRate, truePositiveRate };
    start = end;
  }
  return {
    auroc: area,
    positives,
    negatives,
    targetFalsePositiveRate,
    best: { ...best, threshold: higherIsPositive ? best.threshold : -best.threshold },
    higherIsPositive,
  };
}
