import { describe, expect, it } from "vitest";
import { displayWidth, padEndColumns } from "./display-width.js";

// Oracle: Unicode's East Asian Width property (UAX #11) and emoji presentation (UTS #51), as
// wcwidth(3) and terminals apply them; the widths below are those of glibc's wcswidth.
describe("displayWidth", () => {
  it("counts ASCII one column per character", () => {
    expect(displayWidth("")).toBe(0);
    expect(displayWidth('" there"')).toBe(8);
  });

  it("counts CJK, Hangul, kana and fullwidth forms two columns each", () => {
    expect(displayWidth("日本語")).toBe(6);
    expect(displayWidth("한국")).toBe(4);
    expect(displayWidth("カタ")).toBe(4);
    expect(displayWidth("ＡＢ")).toBe(4);
    expect(displayWidth("，")).toBe(2);
  });

  it("counts emoji pictures two columns, whatever they are built of", () => {
    expect(displayWidth("🎉")).toBe(2);
    expect(displayWidth("👍🏽")).toBe(2); // with a skin-tone modifier
    expect(displayWidth("👨‍👩‍👧")).toBe(2); // joined with ZWJ
    expect(displayWidth("🇫🇷")).toBe(2); // a flag: two regional indicators
    expect(displayWidth("❤️")).toBe(2); // text-default pictograph with VS16
    expect(displayWidth("❤")).toBe(1); // ... and without
  });

  it("counts combining marks, controls and the replacement character as terminals do", () => {
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("\u200b")).toBe(0);
    expect(displayWidth("\ufffd")).toBe(1);
    expect(displayWidth("Ünïcödé")).toBe(7);
  });

  it("pads by columns, not by UTF-16 length", () => {
    expect(padEndColumns("日本", 6)).toBe("日本  ");
    expect(padEndColumns("🎉", 3)).toBe("🎉 ");
  });
});
