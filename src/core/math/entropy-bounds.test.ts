import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { entropy } from "./entropy.js";
import { entropyBounds } from "./entropy-bounds.js";

const log = Math.log;

describe("entropyBounds", () => {
  it("packs the leftover into tokens no larger than the smallest known one (lower bound)", () => {
    // hand computation: top (0.5, 0.25), leftover 0.25, cap 0.25 -> one unknown token of 0.25:
    // H(0.5, 0.25, 0.25) = 1.5 ln 2
    const bounds = entropyBounds([log(0.5), log(0.25)], { vocabularySize: 4 });
    expect(bounds.lower).toBeCloseTo(1.5 * Math.LN2, 14);
    expect(bounds.leftoverMass).toBeCloseTo(0.25, 15);
    // hand computation: top (0.5, 0.2), leftover 0.3, cap 0.2 -> 0.2 + 0.1:
    // H(0.5, 0.2, 0.2, 0.1) = 1.2206072645530173 (Python math)
    expect(entropyBounds([log(0.5), log(0.2)]).lower).toBeCloseTo(1.2206072645530173, 12);
  });

  it("spreads the leftover evenly over the unlisted tokens (upper bound)", () => {
    // hand computation: V = 4, two unlisted tokens of 0.125: H(0.5, 0.25, 0.125, 0.125) = 1.75 ln 2
    expect(entropyBounds([log(0.5), log(0.25)], { vocabularySize: 4 }).upper).toBeCloseTo(
      1.75 * Math.LN2,
      14,
    );
    // hand computation: V = 10, eight unlisted tokens of 0.0375:
    // H(0.5, 0.2, 0.0375 x 8) = 1.6534854765685243 (Python math)
    expect(entropyBounds([log(0.2), log(0.5)], { vocabularySize: 10 }).upper).toBeCloseTo(
      1.6534854765685243,
      12,
    );
  });

  it("has no finite upper bound without the vocabulary size", () => {
    expect(entropyBounds([log(0.5), log(0.25)]).upper).toBe(Number.POSITIVE_INFINITY);
  });

  it("collapses to the exact entropy when the known tokens hold all the mass", () => {
    // hand computation: H(0.5, 0.5) = ln 2, whatever the vocabulary size
    const bounds = entropyBounds([log(0.5), log(0.5)], { vocabularySize: 1000 });
    expect(bounds.lower).toBeCloseTo(Math.LN2, 15);
    expect(bounds.upper).toBeCloseTo(Math.LN2, 15);
  });

  it("with nothing known spans 0 to ln V", () => {
    // hand computation: all mass on one token (0) up to uniform over 8 tokens (ln 8)
    const bounds = entropyBounds([], { vocabularySize: 8 });
    expect(bounds.lower).toBe(0);
    expect(bounds.upper).toBeCloseTo(Math.log(8), 15);
  });

  it("contains the true entropy of random distributions (oracle: exact entropy of the full vector)", () => {
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let trial = 0; trial < 200; trial++) {
      const size = 2 + Math.floor(next() * 40);
      const weights = Array.from({ length: size }, () => next() ** 3 + 1e-6);
      const total = weights.reduce((a, b) => a + b, 0);
      const logprobs = weights.map((w) => log(w / total)).sort((a, b) => b - a);
      const k = Math.floor(next() * size);
      const exact = entropy(logprobs);
      const bounds = entropyBounds(logprobs.slice(0, k), { vocabularySize: size });
      expect(bounds.lower).toBeLessThanOrEqual(exact + 1e-12);
      expect(bounds.upper).toBeGreaterThanOrEqual(exact - 1e-12);
    }
  });

  it("rejects NaN and positive logprobs, mass above 1 and a bad vocabulary size", () => {
    expect(() => entropyBounds([Number.NaN])).toThrow(InvalidInputError);
    // rounding: a tiny positive value is 0 (probability 1), so the bounds collapse to 0
    expect(entropyBounds([2e-6], { vocabularySize: 10 })).toEqual({ lower: 0, upper: 0, leftoverMass: 0 });
    expect(() => entropyBounds([-0.1, 0.5])).toThrow(/topLogprobs\[1\]/);
    expect(() => entropyBounds([log(0.7), log(0.7)])).toThrow(/sum to/);
    expect(() => entropyBounds([log(0.5), log(0.25)], { vocabularySize: 1 })).toThrow(/vocabularySize/);
    expect(() => entropyBounds([log(0.5)], { vocabularySize: 2.5 })).toThrow(InvalidInputError);
  });

  it("keeps lower <= upper when the inputs contradict each other", () => {
    // top (0.1), V = 2: the one unlisted token would need 0.9 > 0.1, impossible for a top-1 list
    const bounds = entropyBounds([log(0.1)], { vocabularySize: 2 });
    expect(bounds.lower).toBeLessThanOrEqual(bounds.upper);
    // hand computation: upper = H(0.1, 0.9)
    expect(bounds.upper).toBeCloseTo(-(0.1 * log(0.1) + 0.9 * log(0.9)), 14);
  });
});
