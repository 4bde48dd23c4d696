import { describe, expect, it } from "vitest";
import { newlineCount, tokenLabel, visibleTokenText } from "./visible-whitespace.js";

describe("visibleTokenText", () => {
  it("shows spaces, tabs and newlines as visible marks", () => {
    expect(visibleTokenText(" upon")).toBe("·upon");
    expect(visibleTokenText("  ")).toBe("··");
    expect(visibleTokenText("\t")).toBe("→");
    expect(visibleTokenText("\n\n")).toBe("↵↵");
    expect(visibleTokenText("a\r\n")).toBe("a␍↵");
  });

  it("leaves other text alone, including non-ASCII", () => {
    expect(visibleTokenText("héllo")).toBe("héllo");
    expect(visibleTokenText("日本")).toBe("日本");
  });

  it("shows the bytes of a partial UTF-8 character", () => {
    // "é" is C3 A9 in UTF-8; a token holding only the first byte decodes to U+FFFD.
    expect(visibleTokenText("\uFFFD", [0xc3])).toBe("<C3>");
    expect(visibleTokenText("", [0x0a, 0xff])).toBe("<0A><FF>");
    expect(visibleTokenText("")).toBe("∅");
  });

  it("counts the line breaks to render after a token", () => {
    expect(newlineCount("a\nb\n")).toBe(2);
    expect(newlineCount("ab")).toBe(0);
  });

  it("quotes and shortens labels", () => {
    expect(tokenLabel(" a")).toBe("“·a”");
    expect(tokenLabel("x".repeat(30))).toBe(`“${"x".repeat(23)}…”`);
  });
});
