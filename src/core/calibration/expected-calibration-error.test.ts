import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { expectedCalibrationError } from "./expected-calibration-error.js";
import { reliabilityBins } from "./reliability-bins.js";

// scikit-learn's calibration_curve docstring example:
// y_true = [0, 0, 0, 0, 1, 1, 1, 1, 1], y_pred = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.], n_bins=3
// -> prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85]
const confidences = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1];
const correct = [0, 0, 0, 0, 1, 1, 1, 1, 1] as const;

describe("reliabilityBins", () => {
  it("matches scikit-learn's calibration_curve docstring example", () => {
    const bins = reliabilityBins(confidences, [...correct], { bins: 3 });
    expect(bins.map((bin) => bin.accuracy)).toEqual([0, 0.5, 1]);
    expect(bins.map((bin) => bin.meanConfidence)).toEqual(
      [0.2, 0.525, 0.85].map((v) => expect.closeTo(v, 14)),
    );
    expect(bins.map((bin) => bin.count)).toEqual([3, 2, 4]);
  });

  it("uses right-closed bins, keeps empty bins and puts 0 in the first bin", () => {
    // hand computation with 4 bins: 0 and 0.25 -> bin 0; 0.5 -> bin 1; 1 -> bin 3; bin 2 empty
    const bins = reliabilityBins([0, 0.25, 0.5, 1], [true, false, true, true], { bins: 4 });
    expect(bins.map((bin) => bin.count)).toEqual([2, 1, 0, 1]);
    expect(bins[2]).toEqual({ lower: 0.5, upper: 0.75, count: 0, meanConfidence: null, accuracy: null });
    expect(bins[0]?.accuracy).toBe(0.5);
  });

  it("rejects bad input naming the field", () => {
    expect(() => reliabilityBins([0.5, 1.2], [1, 0])).toThrow(/confidences\[1\]/);
    expect(() => reliabilityBins([0.5], [2 as 1])).toThrow(/correct\[0\]/);
    expect(() => reliabilityBins([0.5, 0.6], [1])).toThrow(InvalidInputError);
    expect(() => reliabilityBins([], [])).toThrow(/empty/);
    expect(() => reliabilityBins([0.5], [1], { bins: 0 })).toThrow(/bins/);
  });
});

describe("expectedCalibrationError", () => {
  it("weights each bin's |accuracy - confidence| by its share of predictions", () => {
    // hand computation from the sklearn example bins: 3/9 * 0.2 + 2/9 * 0.025 + 4/9 * 0.15 = 5/36
    expect(expectedCalibrationError(confidences, [...correct], { bins: 3 })).toBeCloseTo(5 / 36, 14);
  });

  it("is 0 for perfectly calibrated bins and 1 for confidently wrong predictions", () => {
    // hand computation: two predictions at 0.5, one right -> bin accuracy 0.5 = confidence
    expect(expectedCalibrationError([0.5, 0.5], [true, false])).toBe(0);
    expect(expectedCalibrationError([1, 1], [false, false])).toBe(1);
  });
});
