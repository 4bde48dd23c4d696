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
// 24-bit background, 38;5;16 black / 38;2;R;G;B foreground, 0 reset, 2 dim; and core's scale
// (#86efac = 134,239,172, palette 121; #f87171 = 248,113,113; #fca5a5 = 252,165,165; text #111827).
describe("paint", () => {
  it("writes the 256-colour and truecolor escape codes of the band", () => {
    expect(paint("hi", 0.95, "ansi256")).toBe("\u001b[48;5;121m\u001b[38;5;16mhi\u001b[0m");
    expect(paint("hi", 0.05, "truecolor")).toBe("\u001b[48;2;248;113;113m\u001b[38;2;17;24;39mhi\u001b[0m");
    expect(paint("hi", 0.2, "truecolor")).toBe("\u001b[48;2;252;165;165m\u001b[38;2;17;24;39mhi\u001b[0m");
    expect(paint("hi", null, "ansi256")).toBe(`\u001b[2mhi${RESET}`);
  });

  it("leaves text untouched without colour, and paints nothing for empty text", () => {
    expect(paint("hi", 0.5, "none")).toBe("hi");
    expect(paint("", 0.5, "ansi256")).toBe("");
  });

  it("labels every band in the legend, with no escape codes without colour", () => {
    expect(legendLine("none")).toBe("probability:  90-100%   70-90%   50-70%   30-50%   10-30%   0-10% ");
    expect(legendLine("ansi256")).toContain(
      `\u001b[48;5;${probabilityBuckets.at(-1)!.ansi256}m\u001b[38;5;16m 0-10% \u001b[0m`,
    );
  });
});
