import { describe, expect, it } from "vitest";
import { DIVERGENCE_BANDS, divergenceColor } from "./divergence-colors.js";
import { UNKNOWN_PROBABILITY_COLOR } from "./probability-colors.js";

describe("divergenceColor", () => {
  it("paints decades of KL, edges going to the higher band", () => {
    expect(divergenceColor(0)).toBe(DIVERGENCE_BANDS[0]?.color);
    expect(divergenceColor(0.000999)).toBe(DIVERGENCE_BANDS[0]?.color);
    expect(divergenceColor(0.001)).toBe(DIVERGENCE_BANDS[1]?.color);
    expect(divergenceColor(0.05)).toBe(DIVERGENCE_BANDS[2]?.color);
    expect(divergenceColor(0.5)).toBe(DIVERGENCE_BANDS[3]?.color);
    expect(divergenceColor(7)).toBe(DIVERGENCE_BANDS[4]?.color);
    expect(divergenceColor(Number.POSITIVE_INFINITY)).toBe(DIVERGENCE_BANDS[4]?.color);
    expect(divergenceColor(null)).toBe(UNKNOWN_PROBABILITY_COLOR);
    expect(new Set(DIVERGENCE_BANDS.map((band) => band.color)).size).toBe(5);
  });
});
