/**
 * Calibrating detection thresholds on labelled texts: each text is scored (`detectText`), then for
 * every detection measure the AUROC and the threshold with the best true-positive rate at a chosen
 * false-positive rate (`calibrateDetection`). Labels: true = positive (machine-written, or a
 * member of the training data: whichever question the data set asks).
 */
import { CancelledError } from "../errors.js";
import type { DetectResult, DetectScores } from "./detect-result.js";
import { calibrateDetection, type DetectionCalibration } from "./detection-threshold.js";

/** One labelled text. */
export interface LabelledText {
  text: string;
  label: boolean;
  id?: string | undefined;
}

/** A detection measure: how to read it and which direction means positive. */
export interface DetectionMeasure {
  name: "binoculars" | "logPerplexity" | "gltrTop10" | "minKPercent" | "minKPercentPlusPlus";
  /** False when a low value means positive (machine-written / member). */
  higherIsPositive: boolean;
  read: (scores: DetectScores) => number | null;
}

/** The measures, with the direction each paper gives. */
export const DETECTION_MEASURES: readonly DetectionMeasure[] = [
  { name: "binoculars", higherIsPositive: false, read: (scores) => scores.binoculars },
  { name: "logPerplexity", higherIsPositive: false, read: (scores) => scores.observerLogPerplexity },
  { name: "gltrTop10", higherIsPositive: true, read: (scores) => scores.gltr.fractions.top10 },
  { name: "minKPercent", higherIsPositive: true, read: (scores) => scores.minKPercent },
  { name: "minKPercentPlusPlus", higherIsPositive: true, read: (scores) => scores.minKPercentPlusPlus },
];

/** Calibration of one measure, or why there is none. */
export type MeasureCalibration =
  | ({ measure: DetectionMeasure["name"] } & DetectionCalibration)
  | { measure: DetectionMeasure["name"]; unavailable: string };

/** Result of {@link calibrateDetectors}. */
export interface DetectorCalibration {
  count: number;
  targetFalsePositiveRate: number;
  measures: MeasureCalibration[];
  /** Each text's scores, in input order. */
  items: { id?: string | undefined; label: boolean; scores: DetectScores }[];
}

/**
 * Scores every labelled text with `detect`, then calibrates every measure.
 * Cost: one `detect` per text; O(n log n) per measure.
 */
export async function calibrateDetectors(
  items: readonly LabelledText[],
  detect: (text: string) => Promise<DetectResult>,
  targetFalsePositiveRate: number,
  options: {
    signal?: AbortSignal | undefined;
    onProgress?: ((done: number, total: number) => void) | undefined;
  } = {},
): Promise<DetectorCalibration> {
  const scored: DetectorCalibration["items"] = [];
  for (const item of items) {
    if (options.signal?.aborted) throw new CancelledError("calibration was cancelled");
    const result = await detect(item.text);
    scored.push({
      ...(item.id !== undefined ? { id: item.id } : {}),
      label: item.label,
      scores: result.scores,
    });
    options.onProgress?.(scored.length, items.length);
  }
  const labels = scored.map((item) => item.label);
  const measures = DETECTION_MEASURES.map((measure): MeasureCalibration => {
    const values = scored.map((item) => measure.read(item.scores));
    if (values.some((value) => value === null || !Number.isFinite(value)))
      return { measure: measure.name, unavailable: "not computed for every text (needs full distributions)" };
    if (labels.every(Boolean) || !labels.some(Boolean))
      return { measure: measure.name, unavailable: "the data holds only one class of label" };
    return {
      measure: measure.name,
      ...calibrateDetection(values as number[], labels, targetFalsePositiveRate, measure.higherIsPositive),
    };
  });
  return { count: scored.length, targetFalsePositiveRate, measures, items: scored };
}
