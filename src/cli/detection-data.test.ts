import { describe, expect, it } from "vitest";
import { parseLabelledTexts } from "./detection-data.js";

describe("parseLabelledTexts", () => {
  it("reads text and label (boolean or 0/1), skipping blank lines", () => {
    const items = parseLabelledTexts(
      `${JSON.stringify({ text: "a", label: true, id: 7 })}\n\n${JSON.stringify({ text: "b", label: 0 })}\n`,
    );
    expect(items).toEqual([
      { id: "7", text: "a", label: true },
      { id: "3", text: "b", label: false },
    ]);
  });

  it("names the line and field of the first bad line", () => {
    expect(() => parseLabelledTexts('{"text": "a", "label": 2}', "DATA")).toThrow(
      /line 1: label must be true, false, 1 or 0/,
    );
    expect(() => parseLabelledTexts('{"text": "a", "label": true, "x": 1}')).toThrow(/unknown field\(s\) x/);
    expect(() => parseLabelledTexts("not json")).toThrow(/line 1 is not JSON/);
    expect(() => parseLabelledTexts('{"text": "a", "label": true}')).toThrow(/both labels/);
  });
});
