import { describe, expect, it } from "vitest";
import { logSumExp } from "./log-sum-exp.js";

describe("logSumExp", () => {
  it("matches the direct formula on small values", () => {
    // hand computation (Python math): ln(e^1 + e^2 + e^3) = 3.40760596444438
    expect(logSumExp([1, 2, 3])).toBeCloseTo(3.40760596444438, 14);
    expect(logSumExp(new Float64Array([1, 2, 3]))).toBeCloseTo(3.40760596444438, 14);
  });

  it("does not overflow or underflow far from zero", () => {
    // hand computation: ln(2 e^1000) = 1000 + ln 2, where e^1000 alone overflows a double
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(Math.log(Math.exp(1000) + Math.exp(1000))).toBe(Number.POSITIVE_INFINITY);
  });

  it("sums probabilities to 1 for a normalised distribution", () => {
    // hand computation: ln(0.5 + 0.25 + 0.25) = 0
    expect(logSumExp([Math.log(0.5), Math.log(0.25), Math.log(0.25)])).toBeCloseTo(0, 15);
  });

  it("handles empty, -Infinity, +Infinity and NaN by its documented rules", () => {
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, 0])).toBe(0);
    expect(logSumExp([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp([1, Number.NaN])).toBeNaN();
  });
});
