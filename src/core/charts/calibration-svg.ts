/**
 * The two calibration charts as SVG: a reliability diagram (mean confidence vs accuracy per
 * non-empty bin, one line per probability-valued measure, against the diagonal) and a
 * coverage-vs-accuracy curve (for each measure, the accuracy of the answers kept when answering
 * only above each threshold).
 */
import type { CalibrationReport } from "../decisions/calibration-report.js";
import { renderUnitChart } from "./svg-chart.js";

/**
 * Reliability diagram of a calibration report: x = a bin's mean confidence, y = its accuracy,
 * for every non-empty bin of every probability-valued measure. Cost: O(measures x bins).
 */
export function reliabilityDiagramSvg(report: CalibrationReport, subtitle?: string): string {
  return renderUnitChart({
    title: `Reliability diagram (${report.bins} bins, ${report.count} answers)`,
    ...(subtitle !== undefined ? { subtitle } : {}),
    xLabel: "mean confidence in bin",
    yLabel: "accuracy in bin",
    diagonal: true,
    series: report.measures
      .filter((measure) => measure.probability)
      .map((measure) => ({
        name: measure.measure,
        points: measure.reliability
          .filter((bin) => bin.count > 0)
          .map((bin) => ({ x: bin.meanConfidence as number, y: bin.accuracy as number })),
      })),
  });
}

/**
 * Coverage vs accuracy: for each measure, x = the fraction answered when answering only at or
 * above each threshold, y = the accuracy of those answers (selective precision), from the most
 * confident answer to all of them. Cost: O(measures x answers).
 */
export function coverageCurveSvg(report: CalibrationReport, subtitle?: string): string {
  return renderUnitChart({
    title: `Coverage vs accuracy (${report.count} answers, overall accuracy ${(report.accuracy * 100).toFixed(1)}%)`,
    ...(subtitle !== undefined ? { subtitle } : {}),
    xLabel: "coverage (fraction answered)",
    yLabel: "accuracy of the answered",
    series: report.measures.map((measure) => ({
      name: measure.measure,
      points: measure.coverageCurve.map((point) => ({ x: point.coverage, y: point.precision })),
    })),
  });
}
