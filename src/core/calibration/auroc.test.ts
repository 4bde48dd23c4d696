import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { auroc } from "./auroc.js";

describe("auroc", () => {
  it("matches scikit-learn's roc_auc_score docstring example", () => {
    // sklearn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) -> 0.75
    expect(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it("counts ties as one half (average ranks)", () => {
    // hand computation: positives 0.4, 0.8 vs negatives 0.1, 0.4: pairs 1 + 0.5 + 1 + 1 = 3.5 of 4
    expect(auroc([0.1, 0.4, 0.4, 0.8], [0, 0, 1, 1])).toBe(0.875);
    expect(auroc([0.5, 0.5, 0.5], [true, false, true])).toBe(0.5);
  });

  it("is 1 for a perfect ranking and 0 for a reversed one; scores need not be probabilities", () => {
    expect(auroc([-3, -1, 2, 10], [0, 0, 1, 1])).toBe(1);
    expect(auroc([10, 2, -1, -3], [0, 0, 1, 1])).toBe(0);
  });

  it("needs both classes and finite scores", () => {
    expect(() => auroc([0.1, 0.2], [1, 1])).toThrow(/one positive and one negative/);
    expect(() => auroc([0.1, Number.NaN], [0, 1])).toThrow(/scores\[1\]/);
    expect(() => auroc([0.1], [0, 1])).toThrow(InvalidInputError);
  });
});
