import { describe, expect, it } from "vitest";
import { calibrateDetection } from "./detection-threshold.js";

describe("calibrateDetection", () => {
  it("finds the highest TPR at the target FPR, by hand", () => {
    // positives 0.9, 0.8, 0.4; negatives 0.7, 0.3, 0.2, 0.1
    // threshold 0.9: TPR 1/3, FPR 0; 0.8: TPR 2/3, FPR 0; 0.7: TPR 2/3, FPR 1/4; 0.4: TPR 1, FPR 1/4
    // 0.3: FPR 2/4. AUROC: pairs (pos > neg): 0.9 > 4, 0.8 > 4, 0.4 > 3 -> 11 / 12
    const scores = [0.9, 0.8, 0.4, 0.7, 0.3, 0.2, 0.1];
    const labels = [true, true, true, false, false, false, false];
    const strict = calibrateDetection(scores, labels, 0);
    expect(strict.auroc).toBeCloseTo(11 / 12, 15);
    expect(strict.best).toEqual({ threshold: 0.8, falsePositiveRate: 0, truePositiveRate: 2 / 3 });
    const loose = calibrateDetection(scores, labels, 0.25);
    expect(loose.best).toEqual({ threshold: 0.4, falsePositiveRate: 0.25, truePositiveRate: 1 });
  });

  it("keeps the highest threshold reaching the best TPR (no needless false positives)", () => {
    // positives 0.9, 0.8; negatives 0.3, 0.1; target 0.5: TPR reaches 1 at 0.8 with FPR 0;
    // 0.3 would add a false positive (FPR 0.5) without a true one
    const result = calibrateDetection([0.9, 0.8, 0.3, 0.1], [true, true, false, false], 0.5);
    expect(result.best).toEqual({ threshold: 0.8, falsePositiveRate: 0, truePositiveRate: 1 });
  });

  it("reports the threshold in the score's units when low scores mean positive", () => {
    // Binoculars-like: positives have low scores 0.6, 0.7; negatives 0.9, 1.0
    const result = calibrateDetection([0.6, 0.7, 0.9, 1.0], [true, true, false, false], 0, false);
    expect(result.auroc).toBe(1);
    expect(result.best).toEqual({ threshold: 0.7, falsePositiveRate: 0, truePositiveRate: 1 });
  });

  it("flags tied scores together and rejects a bad target", () => {
    // scores tie at 0.5 across a positive and a negative: threshold 0.5 has FPR 1/1 > 0
    const tied = calibrateDetection([0.5, 0.5], [true, false], 0);
    expect(tied.best.threshold).toBe(Infinity);
    expect(tied.best.truePositiveRate).toBe(0);
    expect(() => calibrateDetection([1, 0], [true, false], 1.5)).toThrow(/fpr must/);
    expect(() => calibrateDetection([1, 0], [true, true], 0.1)).toThrow(/one positive and one negative/);
  });
});
