import { describe, expect, it } from "vitest";
import { interpolatedPercentile, summarizeKlDivergence } from "./kl-divergence-summary.js";

describe("summarizeKlDivergence", () => {
  it("computes llama.cpp's statistics by hand", () => {
    // values 0.1..0.4 (n = 4): mean 0.25; median (0.2 + 0.3) / 2 = 0.25
    // 99% percentile: index 0.99 * 3 = 2.97 -> 0.03 * 0.3 + 0.97 * 0.4 = 0.397
    // same top: 3 of 4 = 0.75, uncertainty sqrt(0.75 * 0.25 / 3) = 0.25
    // mean uncertainty: 0 (llama.cpp reports none for n <= 10)
    const summary = summarizeKlDivergence([0.4, 0.1, 0.3, 0.2], [true, true, false, true]);
    expect(summary.mean).toBeCloseTo(0.25, 15);
    expect(summary.median).toBeCloseTo(0.25, 15);
    expect(summary.percentiles["99"]).toBeCloseTo(0.397, 14);
    expect(summary.minimum).toBe(0.1);
    expect(summary.maximum).toBe(0.4);
    expect(summary.sameTop).toBe(0.75);
    expect(summary.sameTopUncertainty).toBeCloseTo(0.25, 15);
    expect(summary.meanUncertainty).toBe(0);
  });

  it("gives the standard error of the mean past 10 values", () => {
    // 0..11 (n = 12): mean 5.5; E[x^2] = 506 / 12; variance = 42.1667 - 30.25 = 11.9167
    // uncertainty = sqrt(11.9167 / 11) = 1.040833
    const values = Array.from({ length: 12 }, (_, index) => index);
    const summary = summarizeKlDivergence(
      values,
      values.map(() => true),
    );
    expect(summary.meanUncertainty).toBeCloseTo(Math.sqrt((506 / 12 - 30.25) / 11), 13);
    expect(summary.median).toBe(5.5);
  });

  it("handles the percentile edges and rejects empty input", () => {
    expect(interpolatedPercentile([1, 2, 3], 0)).toBe(1);
    expect(interpolatedPercentile([1, 2, 3], 1)).toBe(3);
    expect(interpolatedPercentile([1, 2, 3], 0.5)).toBe(2);
    expect(() => summarizeKlDivergence([], [])).toThrow(/no token/);
  });
});
