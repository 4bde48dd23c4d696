import { describe, expect, it } from "vitest";
import {
  nearestAnsi256,
  PROBABILITY_BANDS,
  PROBABILITY_TEXT_COLOR,
  probabilityBand,
} from "./probability-scale.js";

/** WCAG 2.x relative luminance and contrast (the definition, written out here as the oracle). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

describe("the probability scale", () => {
  it("covers [0, 1] with contiguous bands, most probable first", () => {
    expect(PROBABILITY_BANDS[0]!.max).toBe(1);
    expect(PROBABILITY_BANDS.at(-1)!.min).toBe(0);
    for (let index = 1; index < PROBABILITY_BANDS.length; index++) {
      expect(PROBABILITY_BANDS[index]!.max).toBe(PROBABILITY_BANDS[index - 1]!.min);
    }
  });

  it("puts each probability in the band whose half-open range holds it", () => {
    expect(probabilityBand(1)?.label).toBe("90-100%");
    expect(probabilityBand(0.9)?.label).toBe("90-100%");
    expect(probabilityBand(0.8999)?.label).toBe("70-90%");
    expect(probabilityBand(0.1)?.label).toBe("10-30%");
    expect(probabilityBand(0.05)?.label).toBe("0-10%");
    expect(probabilityBand(null)).toBeUndefined();
    expect(probabilityBand(Number.NaN)).toBeUndefined();
  });

  it("keeps the dark token text at WCAG AA contrast (>= 4.5:1) on every band", () => {
    for (const entry of PROBABILITY_BANDS)
      expect(contrast(entry.color, PROBABILITY_TEXT_COLOR)).toBeGreaterThanOrEqual(4.5);
  });

  it("maps colours to the nearest xterm palette entry", () => {
    // Oracle: the xterm palette itself: entry 16 + 36r + 6g + b has cube levels (0,95,135,175,215,255).
    expect(nearestAnsi256([0, 0, 0])).toBe(16);
    expect(nearestAnsi256([255, 255, 255])).toBe(231);
    expect(nearestAnsi256([135, 215, 135])).toBe(16 + 36 * 2 + 6 * 4 + 2);
    // A mid grey is nearer the grey ramp (232 + i, level 8 + 10 i) than the cube: 128 -> i = 12.
    expect(nearestAnsi256([128, 128, 128])).toBe(244);
    // #86efac = (134, 239, 172): nearest cube levels 135, 255, 175 -> 16 + 72 + 30 + 3 = 121.
    expect(PROBABILITY_BANDS[0]!.ansi256).toBe(121);
  });
});
