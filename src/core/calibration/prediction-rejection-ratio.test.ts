import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { predictionRejectionArea, predictionRejectionRatio } from "./prediction-rejection-ratio.js";

describe("predictionRejectionArea and predictionRejectionRatio", () => {
  const quality = [1, 0, 1, 0];

  it("match a hand computation of lm-polygraph's definition", () => {
    // hand computation: confidences 0.9, 0.8, 0.3, 0.1 keep quality in the order 1, 0, 1, 0;
    // running means 1, 1/2, 2/3, 1/2 -> PRA = (8/3) / 4 = 2/3.
    // oracle order 1, 1, 0, 0: means 1, 1, 2/3, 1/2 -> 19/24; random = mean quality = 1/2.
    // PRR = (2/3 - 1/2) / (19/24 - 1/2) = (1/6) / (7/24) = 4/7
    expect(predictionRejectionArea([0.9, 0.8, 0.3, 0.1], quality)).toBeCloseTo(2 / 3, 15);
    expect(predictionRejectionRatio([0.9, 0.8, 0.3, 0.1], quality)).toBeCloseTo(4 / 7, 14);
  });

  it("is 1 for the oracle ranking, negative for the reversed one", () => {
    expect(predictionRejectionRatio([0.9, 0.1, 0.8, 0.2], quality)).toBeCloseTo(1, 14);
    // hand computation: order 0, 1, 0, 1: means 0, 1/2, 1/3, 1/2 -> PRA 1/3; (1/3 - 1/2) / (7/24) = -4/7
    expect(predictionRejectionRatio([0.1, 0.3, 0.8, 0.9], quality)).toBeCloseTo(-4 / 7, 14);
  });

  it("resolves ties by their expectation and is invariant to affine quality scaling", () => {
    // all confidences tied: every kept subset has the mean quality -> PRA = random -> PRR 0
    expect(predictionRejectionRatio([0.5, 0.5, 0.5, 0.5], quality)).toBeCloseTo(0, 15);
    const scaled = quality.map((q) => 10 * q + 3);
    expect(predictionRejectionRatio([0.9, 0.8, 0.3, 0.1], scaled)).toBeCloseTo(4 / 7, 13);
  });

  it("is null when all qualities are equal and rejects bad input", () => {
    expect(predictionRejectionRatio([0.9, 0.1], [1, 1])).toBeNull();
    expect(() => predictionRejectionRatio([0.9], [1, 0])).toThrow(InvalidInputError);
    expect(() => predictionRejectionRatio([], [])).toThrow(/empty/);
    expect(() => predictionRejectionArea([0.9, Number.NaN], [1, 0])).toThrow(/confidences\[1\]/);
  });
});
