import { describe, expect, it } from "vitest";
import type { CompareResult } from "../../core/compare/compare-result.js";
import { bucketOf } from "./color-scale.js";
import {
  formatDivergence,
  paintProbabilityOf,
  renderCompareSummary,
  renderDivergenceText,
} from "./divergence-text.js";

const result: CompareResult = {
  base: "f32",
  model: "q8",
  method: "exact",
  windowing: "sliding",
  tokens: [
    {
      index: 1,
      token: " cat",
      textOffset: 0,
      baseLogprob: -0.5,
      modelLogprob: -0.6,
      logprobDifference: -0.1,
      klDivergence: 0.02,
      baseTop: " cat",
      modelTop: " dog",
      sameTop: false,
    },
  ],
  klDivergence: {
    count: 1,
    mean: 0.02,
    meanUncertainty: 0,
    median: 0.02,
    minimum: 0.02,
    maximum: 0.02,
    percentiles: { "99": 0.02 },
    sameTop: 0,
    sameTopUncertainty: 0,
  },
  klDivergenceBounds: null,
  sameTop: 0,
  perplexity: { base: 1.6487, model: 1.8221, logRatio: 0.1 },
  probabilityDifferenceRms: 0.058,
  mostDivergent: [0],
  sources: { base: "native", model: "native" },
  warnings: [],
};

describe("divergence text", () => {
  it("paints KL decades with distinct heatmap buckets", () => {
    const buckets = [0.0001, 0.005, 0.05, 0.5, 5].map((kl) => bucketOf(paintProbabilityOf(kl))?.label);
    expect(new Set(buckets).size).toBe(5);
    expect(paintProbabilityOf(null)).toBeNull();
    expect(renderDivergenceText(result, "none")).toBe(" cat");
  });

  it("prints llama.cpp-style statistics and the most divergent tokens", () => {
    const text = renderCompareSummary(result);
    expect(text).toContain("KL divergence (exact, 1 tokens, sliding windows): mean 0.020000 ± 0.000000");
    expect(text).toContain("same top p: 0.000 ± 0.000 %");
    expect(text).toMatch(/1\s+" cat"\s+0\.020000\s+-0\.5000\s+-0\.6000\s+" cat"\s+" dog"/);
    expect(formatDivergence(Number.POSITIVE_INFINITY)).toBe("inf");
  });
});
