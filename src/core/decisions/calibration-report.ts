/**
 * The calibration report of scored answers: accuracy, and for each confidence measure ECE, Brier
 * score, AUROC of confidence vs correctness, prediction-rejection ratio, selective-prediction
 * thresholds, reliability bins and the coverage-vs-accuracy curve.
 */
import { auroc } from "../calibration/auroc.js";
import { brierScore } from "../calibration/brier-score.js";
import { expectedCalibrationError } from "../calibration/expected-calibration-error.js";
import { predictionRejectionRatio } from "../calibration/prediction-rejection-ratio.js";
import {
  DEFAULT_CALIBRATION_BINS,
  type ReliabilityBin,
  reliabilityBins,
} from "../calibration/reliability-bins.js";
import {
  type SelectiveThreshold,
  selectiveOperatingPoints,
  thresholdForCoverage,
  thresholdForPrecision,
} from "../calibration/selective-threshold.js";
import { InvalidInputError } from "../errors.js";
import {
  CONFIDENCE_MEASURE_INFO,
  CONFIDENCE_MEASURES,
  type ConfidenceMeasure,
  type ConfidenceValues,
} from "./confidence-measures.js";

/** One answer, judged and measured. */
export interface ScoredAnswer {
  /** The item's id (its 1-based line number when the data gave none). */
  id: string;
  /** The answer judged. */
  answer: string;
  correct: boolean;
  confidences: ConfidenceValues;
}

/** Options of {@link calibrationReport}. */
export interface CalibrationReportOptions {
  /** Number of equal-width bins for ECE and the reliability diagram (1 to 1000; default 10). */
  bins?: number;
  /** Report the lowest threshold reaching this precision (0..1). */
  targetPrecision?: number;
  /** Report the highest threshold covering this fraction of answers (0 < c <= 1). */
  targetCoverage?: number;
}

/** The metrics of one confidence measure. `null`: not defined for this data (see `notes`). */
export interface MeasureReport {
  measure: ConfidenceMeasure;
  description: string;
  /** True when the measure is a probability, so ECE and Brier apply. */
  probability: boolean;
  /** Answers the measure could be computed for. */
  count: number;
  /** Accuracy over those answers (0..1). */
  accuracy: number | null;
  /** Expected calibration error (0..1). */
  ece: number | null;
  /** Brier score (0..1, lower is better). */
  brier: number | null;
  /** AUROC of confidence as a predictor of correctness (0..1, 0.5 = chance). */
  auroc: number | null;
  /** Prediction-rejection ratio (lm-polygraph; 1 = oracle ranking, 0 = random). */
  prr: number | null;
  /** Operating point for `targetPrecision`, `null` when no threshold reaches it, absent when not asked. */
  thresholdForPrecision?: SelectiveThreshold | null;
  /** Operating point for `targetCoverage`, absent when not asked. */
  thresholdForCoverage?: SelectiveThreshold | null;
  /** Reliability diagram bins (probability measures only, else empty). */
  reliability: ReliabilityBin[];
  /** Coverage vs accuracy: every operating point, from the highest threshold down. */
  coverageCurve: SelectiveThreshold[];
  /** Why some metric is `null`. */
  notes: string[];
}

/** The whole report. */
export interface CalibrationReport {
  /** Number of answers. */
  count: number;
  /** Number correct. */
  correct: number;
  /** Fraction correct (0..1). */
  accuracy: number;
  bins: number;
  targetPrecision?: number;
  targetCoverage?: number;
  measures: MeasureReport[];
}

function checkOptions(options: CalibrationReportOptions): number {
  const bins = options.bins ?? DEFAULT_CALIBRATION_BINS;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000) {
    throw new InvalidInputError("bins", `bins is ${bins}`, "an integer from 1 to 1000");
  }
  const precision = options.targetPrecision;
  if (precision !== undefined && !(precision >= 0 && precision <= 1)) {
    throw new InvalidInputError("targetPrecision", `targetPrecision is ${precision}`, "a number from 0 to 1");
  }
  const coverage = options.targetCoverage;
  if (coverage !== undefined && !(coverage > 0 && coverage <= 1)) {
    throw new InvalidInputError(
      "targetCoverage",
      `targetCoverage is ${coverage}`,
      "a number greater than 0 and at most 1",
    );
  }
  return bins;
}

function measureReport(
  measure: ConfidenceMeasure,
  answers: readonly ScoredAnswer[],
  bins: number,
  options: CalibrationReportOptions,
): MeasureReport {
  const info = CONFIDENCE_MEASURE_INFO[measure];
  const confidences: number[] = [];
  const outcomes: boolean[] = [];
  for (const answer of answers) {
    const value = answer.confidences[measure];
    if (value === null) continue;
    confidences.push(value);
    outcomes.push(answer.correct);
  }
  const notes: string[] = [];
  const report: MeasureReport = {
    measure,
    description: info.description,
    probability: info.probability,
    count: confidences.length,
    accuracy: null,
    ece: null,
    brier: null,
    auroc: null,
    prr: null,
    reliability: [],
    coverageCurve: [],
    notes,
  };
  if (answers.length > confidences.length) {
    notes.push(
      `${answers.length - confidences.length} of ${answers.length} answers lack the data for this measure`,
    );
  }
  if (confidences.length === 0) return report;
  const right = outcomes.filter(Boolean).length;
  report.accuracy = right / outcomes.length;
  if (info.probability) {
    report.ece = expectedCalibrationError(confidences, outcomes, { bins });
    report.brier = brierScore(confidences, outcomes);
    report.reliability = reliabilityBins(confidences, outcomes, { bins });
  } else {
    notes.push("not a probability: ECE, Brier score and the reliability diagram do not apply");
  }
  if (right === 0 || right === outcomes.length) {
    notes.push("all answers are right or all are wrong: AUROC and PRR are undefined");
  } else {
    report.auroc = auroc(confidences, outcomes);
    report.prr = predictionRejectionRatio(
      confidences,
      outcomes.map((outcome) => (outcome ? 1 : 0)),
    );
  }
  report.coverageCurve = selectiveOperatingPoints(confidences, outcomes);
  if (options.targetPrecision !== undefined) {
    report.thresholdForPrecision =
      thresholdForPrecision(confidences, outcomes, options.targetPrecision) ?? null;
  }
  if (options.targetCoverage !== undefined) {
    report.thresholdForCoverage = thresholdForCoverage(confidences, outcomes, options.targetCoverage);
  }
  return report;
}

/**
 * Computes the calibration report of scored answers (see the module comment; definitions in
 * core/calibration). Each measure uses the answers it could be computed for.
 *
 * Cost: O(m n log n) for m measures and n answers.
 *
 * @throws {InvalidInputError} naming `answers`, `bins`, `targetPrecision` or `targetCoverage`
 */
export function calibrationReport(
  answers: readonly ScoredAnswer[],
  options: CalibrationReportOptions = {},
): CalibrationReport {
  const bins = checkOptions(options);
  if (answers.length === 0)
    throw new InvalidInputError("answers", "there are no answers to calibrate", "at least one");
  const correct = answers.filter((answer) => answer.correct).length;
  return {
    count: answers.length,
    correct,
    accuracy: correct / answers.length,
    bins,
    ...(options.targetPrecision !== undefined ? { targetPrecision: options.targetPrecision } : {}),
    ...(options.targetCoverage !== undefined ? { targetCoverage: options.targetCoverage } : {}),
    measures: CONFIDENCE_MEASURES.map((measure) => measureReport(measure, answers, bins, options)),
  };
}
