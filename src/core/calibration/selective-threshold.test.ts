import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import {
  selectiveOperatingPoints,
  thresholdForCoverage,
  thresholdForPrecision,
} from "./selective-threshold.js";

// hand computation: answering confidence >= t gives
// t 0.9: 1/1 correct (coverage 0.2); 0.8: 2/2 (0.4); 0.7: 2/3 (0.6); 0.6: 3/4 (0.8); 0.5: 3/5 (1)
const confidences = [0.6, 0.9, 0.5, 0.8, 0.7];
const correct = [1, 1, 0, 1, 0] as (0 | 1)[];

describe("selective thresholds", () => {
  it("lists every operating point from the strictest threshold", () => {
    expect(
      selectiveOperatingPoints(confidences, correct).map((p) => [p.threshold, p.coverage, p.precision]),
    ).toEqual([
      [0.9, 0.2, 1],
      [0.8, 0.4, 1],
      [0.7, 0.6, expect.closeTo(2 / 3, 15)],
      [0.6, 0.8, 0.75],
      [0.5, 1, 0.6],
    ]);
  });

  it("thresholdForPrecision takes the largest coverage reaching the precision", () => {
    expect(thresholdForPrecision(confidences, correct, 0.75)?.threshold).toBe(0.6);
    expect(thresholdForPrecision(confidences, correct, 0.99)?.threshold).toBe(0.8);
    expect(thresholdForPrecision(confidences, correct, 0)?.threshold).toBe(0.5);
    expect(thresholdForPrecision([0.9, 0.8], [0, 0], 0.5)).toBeUndefined();
  });

  it("thresholdForCoverage takes the strictest threshold covering the target", () => {
    // hand computation: coverage 0.5 of 5 needs 3 answers -> t 0.7, precision 2/3
    const point = thresholdForCoverage(confidences, correct, 0.5);
    expect(point).toEqual({
      threshold: 0.7,
      coverage: 0.6,
      precision: expect.closeTo(2 / 3, 15),
      answered: 3,
    });
    expect(thresholdForCoverage(confidences, correct, 1).threshold).toBe(0.5);
    // tied confidences are answered together: coverage jumps from 0 to 2/3
    expect(thresholdForCoverage([0.9, 0.9, 0.5], [1, 0, 1], 0.3)).toMatchObject({
      threshold: 0.9,
      answered: 2,
    });
  });

  it("rejects targets outside their range", () => {
    expect(() => thresholdForPrecision(confidences, correct, 1.1)).toThrow(/targetPrecision/);
    expect(() => thresholdForCoverage(confidences, correct, 0)).toThrow(/targetCoverage/);
    expect(() => thresholdForCoverage([0.5], [1, 0], 0.5)).toThrow(InvalidInputError);
  });
});
