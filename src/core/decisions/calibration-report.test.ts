import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { calibrationReport, type ScoredAnswer } from "./calibration-report.js";
import type { ConfidenceValues } from "./confidence-measures.js";

function answer(
  id: string,
  confidence: number,
  correct: boolean,
  entropy: number | null = null,
): ScoredAnswer {
  const confidences: ConfidenceValues = {
    "joint-probability": confidence,
    "mean-logprob": confidence,
    "min-token-probability": confidence,
    "mean-entropy": entropy,
    "first-token-margin": null,
  };
  return { id, answer: id, correct, confidences };
}

// scikit-learn's roc_auc_score docstring example: y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8] -> 0.75
const answers = [
  answer("a", 0.1, false, -2),
  answer("b", 0.4, false, -1),
  answer("c", 0.35, true, -0.5),
  answer("d", 0.8, true, -0.1),
];

describe("calibrationReport", () => {
  it("computes every metric of a measure (scikit-learn's AUROC example; the rest by hand)", () => {
    const report = calibrationReport(answers, { bins: 2, targetPrecision: 0.6, targetCoverage: 0.5 });
    expect(report).toMatchObject({ count: 4, correct: 2, accuracy: 0.5, bins: 2 });
    const joint = report.measures.find((measure) => measure.measure === "joint-probability");
    expect(joint?.auroc).toBe(0.75);
    // Brier by hand: (0.1^2 + 0.4^2 + 0.65^2 + 0.2^2) / 4 = 0.6325 / 4
    expect(joint?.brier).toBeCloseTo(0.158125, 15);
    // ECE by hand, 2 bins: (0, 0.5] holds 0.1, 0.4, 0.35 (acc 1/3, conf 0.85/3) -> 3/4 * 0.05;
    // (0.5, 1] holds 0.8 (acc 1) -> 1/4 * 0.2; total 0.0875
    expect(joint?.ece).toBeCloseTo(0.0875, 15);
    // PRR by hand: kept order 1, 0, 1, 0 -> PRA 2/3; oracle 19/24; random 1/2 -> (1/6) / (7/24) = 4/7
    expect(joint?.prr).toBeCloseTo(4 / 7, 14);
    // operating points: t=0.8 (1/4, precision 1), 0.4 (2/4, 1/2), 0.35 (3/4, 2/3), 0.1 (1, 1/2)
    expect(joint?.thresholdForPrecision).toEqual({
      threshold: 0.35,
      coverage: 0.75,
      precision: 2 / 3,
      answered: 3,
    });
    expect(joint?.thresholdForCoverage).toEqual({
      threshold: 0.4,
      coverage: 0.5,
      precision: 0.5,
      answered: 2,
    });
    expect(joint?.coverageCurve.map((point) => point.threshold)).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(joint?.reliability.map((bin) => bin.count)).toEqual([3, 1]);
  });

  it("skips ECE and Brier for a measure that is not a probability, and answers that lack a measure", () => {
    const report = calibrationReport(answers, { bins: 2 });
    const entropy = report.measures.find((measure) => measure.measure === "mean-entropy");
    expect(entropy).toMatchObject({ probability: false, ece: null, brier: null, reliability: [] });
    // confidences -entropy: positives (c, d) -0.5 and -0.1 are above both negatives -2 and -1 -> AUROC 1
    expect(entropy?.auroc).toBe(1);
    const margin = report.measures.find((measure) => measure.measure === "first-token-margin");
    expect(margin).toMatchObject({ count: 0, accuracy: null, auroc: null });
    expect(margin?.notes[0]).toMatch(/4 of 4 answers lack/);
    expect(
      report.measures.find((measure) => measure.measure === "joint-probability")?.thresholdForPrecision,
    ).toBeUndefined();
  });

  it("leaves AUROC and PRR undefined when every answer is right, and rejects bad options", () => {
    const allRight = calibrationReport([answer("a", 0.2, true), answer("b", 0.9, true)]);
    const joint = allRight.measures[0];
    expect(joint).toMatchObject({ auroc: null, prr: null, accuracy: 1 });
    expect(joint?.notes.join(" ")).toMatch(/AUROC and PRR are undefined/);
    expect(() => calibrationReport([])).toThrow(InvalidInputError);
    expect(() => calibrationReport(answers, { bins: 0 })).toThrow(/bins/);
    expect(() => calibrationReport(answers, { targetCoverage: 0 })).toThrow(/targetCoverage/);
    expect(() => calibrationReport(answers, { targetPrecision: 2 })).toThrow(/targetPrecision/);
  });
});
