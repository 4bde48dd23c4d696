import { describe, expect, it } from "vitest";
import { contrastRatio, relativeLuminance } from "./contrast.js";
import {
  PROBABILITY_BANDS,
  probabilityBand,
  probabilityColor,
  TOKEN_TEXT_COLOR,
  UNKNOWN_PROBABILITY_COLOR,
} from "./probability-colors.js";
import { RANK_BUCKETS, UNKNOWN_RANK_COLOR } from "./rank-buckets.js";

describe("WCAG contrast", () => {
  it("matches the WCAG reference values", () => {
    // Oracle: WCAG 2.x definition: white has luminance 1, black 0, so white on black is 21:1.
    expect(relativeLuminance("#ffffff")).toBe(1);
    expect(relativeLuminance("#000000")).toBe(0);
    expect(contrastRatio("#ffffff", "#000000")).toBe(21);
    // Oracle: hand computation, #777777: c = 119/255 = 0.46667, ((c + 0.055) / 1.055)^2.4 = 0.18447;
    // (1.05) / (0.18447 + 0.05) = 4.478 (the well-known "#777 on white fails AA at 4.48:1").
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.478, 3);
  });

  it("keeps token text readable (AA, >= 4.5:1) on every heatmap colour", () => {
    const colors = [
      ...PROBABILITY_BANDS.map((band) => band.color),
      UNKNOWN_PROBABILITY_COLOR,
      ...RANK_BUCKETS.map((bucket) => bucket.color),
      UNKNOWN_RANK_COLOR,
    ];
    for (const color of colors) expect(contrastRatio(color, TOKEN_TEXT_COLOR)).toBeGreaterThanOrEqual(4.5);
  });
});

describe("probability colour scale", () => {
  it("covers [0, 1] with contiguous bands", () => {
    expect(PROBABILITY_BANDS[0]?.from).toBe(0);
    expect(PROBABILITY_BANDS.at(-1)?.to).toBe(1);
    for (let index = 1; index < PROBABILITY_BANDS.length; index++) {
      expect(PROBABILITY_BANDS[index]?.from).toBe(PROBABILITY_BANDS[index - 1]?.to);
    }
  });

  it("puts each probability in the band whose half-open range holds it", () => {
    expect(probabilityBand(0)?.label).toBe("0-10%");
    expect(probabilityBand(0.0999)?.label).toBe("0-10%");
    expect(probabilityBand(0.1)?.label).toBe("10-30%");
    expect(probabilityBand(0.29)?.label).toBe("10-30%");
    expect(probabilityBand(0.3)?.label).toBe("30-50%");
    expect(probabilityBand(0.5)?.label).toBe("50-70%");
    expect(probabilityBand(0.8)?.label).toBe("70-90%");
    expect(probabilityBand(1)?.label).toBe("90-100%");
  });

  it("gives unknown probabilities the grey of the legend's 'unknown' entry", () => {
    expect(probabilityBand(null)).toBeUndefined();
    expect(probabilityColor(null)).toBe(UNKNOWN_PROBABILITY_COLOR);
    expect(probabilityColor(Number.NaN)).toBe(UNKNOWN_PROBABILITY_COLOR);
    expect(probabilityColor(0.05)).toBe(PROBABILITY_BANDS[0]?.color);
  });
});
