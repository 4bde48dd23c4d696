import { describe, expect, it } from "vitest";
import { formatLogprob, formatProbability, formatQuantity } from "./format.js";

describe("formatting", () => {
  it("formats probabilities as percentages", () => {
    expect(formatProbability(0.1234)).toBe("12.3%");
    expect(formatProbability(1)).toBe("100%");
    expect(formatProbability(0.00042)).toBe("0.0420%");
    expect(formatProbability(0)).toBe("0%");
    expect(formatProbability(Number.NaN)).toBe("—");
  });

  it("formats logprobs in nats with four decimals, as the CLI does", () => {
    // Oracle: ln 0.5 = -0.693147...
    expect(formatLogprob(Math.log(0.5))).toBe("-0.6931");
    expect(formatLogprob(null)).toBe("n/a");
    expect(formatLogprob(Number.NEGATIVE_INFINITY)).toBe("-∞");
    expect(formatLogprob(-0)).toBe("0.0000");
  });

  it("formats quantities with four significant digits", () => {
    expect(formatQuantity(3.7606030930863934)).toBe("3.761");
    expect(formatQuantity(12345.6)).toBe("1.235e+4");
    expect(formatQuantity(null)).toBe("—");
    expect(formatQuantity(Number.POSITIVE_INFINITY)).toBe("∞");
  });
});
