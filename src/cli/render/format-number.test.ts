import { describe, expect, it } from "vitest";
import { formatNats, formatPercent, formatStatistic, quoteToken } from "./format-number.js";

describe("number formats (hand-rounded values)", () => {
  it("formats probabilities as percentages with three significant digits", () => {
    expect(formatPercent(0.968726)).toBe("96.9%");
    expect(formatPercent(0.20993)).toBe("21.0%");
    expect(formatPercent(0.0288)).toBe("2.88%");
    expect(formatPercent(0.000298)).toBe("0.0298%");
    expect(formatPercent(0.99991)).toBe("99.99%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0)).toBe("0%");
  });

  it("formats nats with four decimals and statistics with four significant digits", () => {
    expect(formatNats(-0.0317843)).toBe("-0.0318");
    expect(formatStatistic(2.633596)).toBe("2.634");
    expect(formatStatistic(12345.6)).toBe("12350");
    expect(formatStatistic(2.5e7)).toBe("2.500e+7");
  });

  it("quotes tokens so that spaces and newlines show", () => {
    expect(quoteToken(" there")).toBe('" there"');
    expect(quoteToken("\n")).toBe('"\\n"');
  });
});
