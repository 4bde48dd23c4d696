import { describe, expect, it } from "vitest";
import { niceMaximum, type PlotBox, seriesPath, slotWidth, xOf, yOf } from "./chart-geometry.js";

const box: PlotBox = { left: 10, top: 0, width: 100, height: 50 };

describe("chart geometry", () => {
  it("spreads tokens from edge to edge and centres a single one", () => {
    expect([0, 1, 2].map((index) => xOf(index, 3, box))).toEqual([10, 60, 110]);
    expect(xOf(0, 1, box)).toBe(60);
    expect(slotWidth(3, box)).toBe(50);
  });

  it("maps values to y with 0 at the bottom and clamps", () => {
    expect(yOf(0, 1, box)).toBe(50);
    expect(yOf(1, 1, box)).toBe(0);
    expect(yOf(0.25, 1, box)).toBe(37.5);
    expect(yOf(2, 1, box)).toBe(0);
  });

  it("breaks the series at unknown values", () => {
    expect(seriesPath([1, 0.5, null, 0], 1, box)).toBe("M10,0 L43.33,25 M110,50");
  });

  it("rounds axis maxima up to 1, 2 or 5 times a power of ten", () => {
    expect(niceMaximum(3.2)).toBe(5);
    expect(niceMaximum(0.7)).toBe(1);
    expect(niceMaximum(11)).toBe(20);
    expect(niceMaximum(0)).toBe(1);
  });
});
