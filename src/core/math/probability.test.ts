import { describe, expect, it } from "vitest";
import { probability } from "./probability.js";
import { surprisal, surprisalBits } from "./surprisal.js";

describe("probability and surprisal", () => {
  it("probability is exp(logprob)", () => {
    // hand computation: exp(ln 0.25) = 0.25; exp(0) = 1; exp(-Infinity) = 0
    expect(probability(Math.log(0.25))).toBeCloseTo(0.25, 15);
    expect(probability(0)).toBe(1);
    expect(probability(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it("surprisal is -logprob in nats and -log2 p in bits", () => {
    // hand computation: p = 1/8 -> 3 ln 2 nats = 3 bits
    expect(surprisal(Math.log(1 / 8))).toBeCloseTo(3 * Math.LN2, 15);
    expect(surprisalBits(Math.log(1 / 8))).toBeCloseTo(3, 14);
    expect(Object.is(surprisal(0), 0)).toBe(true);
    expect(Object.is(surprisalBits(0), 0)).toBe(true);
    expect(surprisal(Number.NEGATIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
