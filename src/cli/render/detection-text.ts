/**
 * Text output of `logprobe detect`: the detection scores of a text, the GLTR buckets as numbers,
 * and a calibration table (AUROC, threshold, TPR at the target FPR per measure). Cost: O(n).
 */

import type { DetectResult } from "../../core/detect/detect-result.js";
import type { DetectorCalibration } from "../../core/detect/detection-calibration.js";
import { formatPercent } from "./format-number.js";
import { renderColumns } from "./plain-columns.js";

const number = (value: number | null, digits = 4) => (value === null ? "-" : value.toFixed(digits));

/** The scores of one text. */
export function renderDetectScores(result: DetectResult): string {
  const { scores } = result;
  const gltr = scores.gltr;
  return [
    `observer: ${result.observer}  performer: ${result.performer}  (${result.method}, ${result.tokens.length} tokens)`,
    `binoculars: ${number(scores.binoculars)}  (performer log-perplexity ${number(scores.performerLogPerplexity)} / cross log-perplexity ${number(scores.crossLogPerplexity)}, as the official code; low = likely machine-written)`,
    `min-k% prob (k = ${scores.k}%): ${number(scores.minKPercent)}  min-k%++: ${number(scores.minKPercentPlusPlus)}  (high = likely in the training data)`,
    "GLTR rank buckets:",
    renderColumns([
      ["", "top 10", "top 100", "top 1000", "rest"],
      [
        "tokens",
        String(gltr.counts.top10),
        String(gltr.counts.top100),
        String(gltr.counts.top1000),
        String(gltr.counts.rest),
      ],
      [
        "share",
        formatPercent(gltr.fractions.top10),
        formatPercent(gltr.fractions.top100),
        formatPercent(gltr.fractions.top1000),
        formatPercent(gltr.fractions.rest),
      ],
    ]),
  ].join("\n");
}

/** The calibration table; with `scores`, also whether that text is flagged by each threshold. */
export function renderDetectorCalibration(
  calibration: DetectorCalibration,
  verdicts?: Map<string, boolean>,
): string {
  const header = [
    "measure",
    "AUROC",
    "threshold",
    `TPR @ FPR <= ${calibration.targetFalsePositiveRate}`,
    "FPR",
  ];
  if (verdicts) header.push("this text");
  const rows = calibration.measures.map((measure) => {
    if ("unavailable" in measure)
      return [measure.measure, "-", measure.unavailable, "", "", ...(verdicts ? [""] : [])];
    const row = [
      measure.measure,
      number(measure.auroc),
      `${measure.higherIsPositive ? ">=" : "<="} ${Number(measure.best.threshold.toPrecision(6))}`,
      formatPercent(measure.best.truePositiveRate),
      formatPercent(measure.best.falsePositiveRate),
    ];
    if (verdicts) row.push(verdicts.get(measure.measure) ? "positive" : "negative");
    return row;
  });
  const positives = calibration.items.filter((item) => item.label).length;
  return [
    `labelled texts: ${calibration.count} (${positives} positive, ${calibration.count - positives} negative)`,
    renderColumns([header, ...rows]),
  ].join("\n");
}
