import { describe, expect, it } from "vitest";
import { bucketOf, legendLine, paint, probabilityBuckets, RESET } from "./color-scale.js";

describe("bucketOf", () => {
  it("puts each probability in the bucket whose [min, max) holds it (bounds by hand)", () => {
    expect(bucketOf(1)?.label).toBe("90-100%");
    expect(bucketOf(0.9)?.label).toBe("90-100%");
    expect(bucketOf(0.8999)?.label).toBe("70-90%");
    expect(bucketOf(0.5)?.label).toBe("50-70%");
    expect(bucketOf(0.3)?.label).toBe("30-50%");
    expect(bucketOf(0.1)?.label).toBe("10-30%");
    expect(bucketOf(0.0999)?.label).toBe("0-10%");
    expect(bucketOf(0)?.label).toBe("0-10%");
    expect(bucketOf(null)).toBeUndefined();
    expect(bucketOf(Number.NaN)).toBeUndefined();
  });

  it("covers [0, 1] without gaps or overlaps", () => {
    for (let index = 1; index < probabilityBuckets.length; index++) {
      expect(probabilityBuckets[index]!.max).toBe(probabilityBuckets[index - 1]!.min);
    }
    expect(probabilityBuckets[0]!.max).toBe(1);
    expect(probabilityBuckets.at(-1)!.min).toBe(0);
  });
});

// Oracle: xterm's SGR codes (ECMA-48): 48;5;N background from the 256-colour palette, 48;2;R;G;B
// 24-bit background, 38;5;16 / 38;2;0;0;0 black foreground, 0 reset, 2 dim.
describe("paint", () => {
  it("writes the 256-colour and truecolor escape codes of the bucket", () => {
    expect(paint("hi", 0.95, "ansi256")).toBe("\u001b[48;5;34m\u001b[38;5;16mhi\u001b[0m");
    expect(paint("hi", 0.05, "truecolor")).toBe("\u001b[48;2;205;30;40m\u001b[38;2;255;255;255mhi\u001b[0m");
    expect(paint("hi", 0.2, "truecolor")).toBe("\u001b[48;2;235;95;40m\u001b[38;2;0;0;0mhi\u001b[0m");
    expect(paint("hi", null, "ansi256")).toBe(`\u001b[2mhi${RESET}`);
  });

  it("leaves text untouched without colour, and paints nothing for empty text", () => {
    expect(paint("hi", 0.5, "none")).toBe("hi");
    expect(paint("", 0.5, "ansi256")).toBe("");
  });

  it("labels every bucket in the legend, with no escape codes without colour", () => {
    expect(legendLine("none")).toBe("probability:  90-100%   70-90%   50-70%   30-50%   10-30%   0-10% ");
    expect(legendLine("ansi256")).toContain("\u001b[48;5;160m\u001b[38;5;231m 0-10% \u001b[0m");
  });
});

// Oracle: WCAG 2.x relative luminance and contrast ratio, (L1 + 0.05) / (L2 + 0.05), written out here.
function luminance([red, green, blue]: readonly [number, number, number]): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

describe("text colour on each bucket", () => {
  it("is the one of black and white with the higher contrast ratio, at least 3.5:1", () => {
    for (const bucket of probabilityBuckets) {
      const background = luminance(bucket.rgb);
      const onBlack = (background + 0.05) / 0.05;
      const onWhite = 1.05 / (background + 0.05);
      expect(bucket.text, bucket.label).toBe(onWhite > onBlack ? "white" : "black");
      expect(Math.max(onBlack, onWhite), bucket.label).toBeGreaterThan(3.5);
    }
  });
});
