import { describe, expect, it } from "vitest";
import { crossEntropy } from "../math/cross-entropy.js";
import { binocularsScore } from "./binoculars-score.js";

const ln = Math.log;

describe("binocularsScore", () => {
  it("matches the paper's formula on hand-computed distributions", () => {
    // Two positions, vocabulary {a, b}; text "a b".
    // Observer O_1 = (0.5, 0.5), O_2 = (0.25, 0.75); performer P_1 = (0.75, 0.25), P_2 = (0.5, 0.5).
    // log PPL_O = -(ln 0.5 + ln 0.75) / 2 = (0.693147 + 0.287682) / 2 = 0.490415
    // H(P_1, O_1) = -(0.75 ln 0.5 + 0.25 ln 0.5) = ln 2 = 0.693147
    // H(P_2, O_2) = -(0.5 ln 0.25 + 0.5 ln 0.75) = 0.693147 + 0.143841 = 0.836988
    // log X-PPL = (0.693147 + 0.836988) / 2 = 0.765068; B = 0.490415 / 0.765068 = 0.641005
    const observer = [
      [ln(0.5), ln(0.5)],
      [ln(0.25), ln(0.75)],
    ];
    const performer = [
      [ln(0.75), ln(0.25)],
      [ln(0.5), ln(0.5)],
    ];
    const observed = [observer[0]![0]!, observer[1]![1]!];
    const cross = performer.map((p, t) => crossEntropy(p, observer[t]!));
    expect(cross[0]).toBeCloseTo(Math.LN2, 15);
    expect(cross[1]).toBeCloseTo(-(0.5 * ln(0.25) + 0.5 * ln(0.75)), 15);
    const expected = -(ln(0.5) + ln(0.75)) / 2 / ((Math.LN2 - 0.5 * ln(0.25) - 0.5 * ln(0.75)) / 2);
    expect(binocularsScore(observed, cross)).toBeCloseTo(expected, 14);
    expect(binocularsScore(observed, cross)).toBeCloseTo(0.641005, 5);
  });

  it("is mean surprisal over mean entropy when observer = performer", () => {
    // O_1 = (0.5, 0.5): entropy ln 2; token a: surprisal ln 2. Alone, B = 1.
    expect(binocularsScore([ln(0.5)], [Math.LN2])).toBeCloseTo(1, 15);
    // O_1 = (0.9, 0.1), token b: surprisal ln 10 = 2.302585; entropy 0.325083; B = 7.083
    const entropy = -(0.9 * ln(0.9) + 0.1 * ln(0.1));
    expect(binocularsScore([ln(0.1)], [entropy])).toBeCloseTo(ln(10) / entropy, 14);
  });

  it("rejects empty or mismatched input", () => {
    expect(() => binocularsScore([], [])).toThrow(/at least one/);
    expect(() => binocularsScore([-1], [])).toThrow(/cross-entropies/);
    expect(() => binocularsScore([-1], [0])).toThrow(/undefined/);
  });
});
