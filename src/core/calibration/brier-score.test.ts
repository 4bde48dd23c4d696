import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { brierScore } from "./brier-score.js";

describe("brierScore", () => {
  it("matches scikit-learn's brier_score_loss docstring examples", () => {
    // sklearn: brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) -> 0.037... (= 0.0375 by hand)
    expect(brierScore([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0])).toBeCloseTo(0.0375, 15);
    // sklearn user guide: brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.4]) -> 0.055
    expect(brierScore([0.1, 0.9, 0.8, 0.4], [false, true, true, false])).toBeCloseTo(0.055, 15);
    // sklearn: brier_score_loss(y_true, y_prob > 0.5) -> 0.0
    expect(brierScore([0, 1, 1, 0], [0, 1, 1, 0])).toBe(0);
  });

  it("rejects probabilities outside [0, 1] and mismatched lengths", () => {
    expect(() => brierScore([1.5], [1])).toThrow(/probabilities\[0\]/);
    expect(() => brierScore([0.5, 0.5], [1])).toThrow(InvalidInputError);
  });
});
