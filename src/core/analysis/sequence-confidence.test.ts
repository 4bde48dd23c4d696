import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../types.js";
import { sequenceConfidence } from "./sequence-confidence.js";

function token(text: string, p: number | null): TokenLogprob {
  return { token: text, bytes: [], logprob: p === null ? null : Math.log(p), top: [] };
}

describe("sequenceConfidence", () => {
  it("gives geometric mean, arithmetic mean, min and joint probability", () => {
    // hand computation: p = 0.5, 0.125, 1 -> joint 1/16, geometric mean (1/16)^(1/3) = 0.39685026299204984,
    // arithmetic mean 1.625 / 3 = 0.5416666666666666, min 0.125
    const confidence = sequenceConfidence([
      token("<s>", null),
      token("a", 0.5),
      token("b", 0.125),
      token("c", 1),
    ]);
    expect(confidence.tokenCount).toBe(3);
    expect(confidence.jointProbability).toBeCloseTo(1 / 16, 15);
    expect(confidence.jointLogprob).toBeCloseTo(-4 * Math.LN2, 15);
    expect(confidence.geometricMeanProbability).toBeCloseTo(0.39685026299204984, 14);
    expect(confidence.arithmeticMeanProbability).toBeCloseTo(0.5416666666666666, 15);
    expect(confidence.minProbability).toBeCloseTo(0.125, 15);
  });

  it("is null-valued without scored tokens", () => {
    expect(sequenceConfidence([token("a", null)])).toEqual({
      tokenCount: 0,
      geometricMeanProbability: null,
      arithmeticMeanProbability: null,
      minProbability: null,
      jointProbability: 1,
      jointLogprob: 0,
    });
  });
});
