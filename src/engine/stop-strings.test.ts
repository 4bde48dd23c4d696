/** Stop-string matching on hand-made texts. */
import { describe, expect, it } from "vitest";
import { StopStringMatcher } from "./stop-strings.js";

describe("StopStringMatcher", () => {
  const matcher = new StopStringMatcher(["\n\n", "END"]);

  it("finds the earliest stop string, searching only what may have changed", () => {
    expect(matcher.find("abc END x\n\n")).toBe(4);
    expect(matcher.find("abc\n\nEND")).toBe(3);
    expect(matcher.find("no stop here")).toBe(-1);
    // A stop string split across the previous end is still found from `searchFrom`.
    expect(matcher.find("xxEN" + "D", 4)).toBe(2);
  });

  it("holds back a tail that could still become a stop string", () => {
    expect(matcher.safeLength("hello EN")).toBe(6);
    expect(matcher.safeLength("hello E")).toBe(6);
    expect(matcher.safeLength("hello\n")).toBe(5);
    expect(matcher.safeLength("hello")).toBe(5);
  });

  it("is inactive without stop strings", () => {
    const none = new StopStringMatcher([]);
    expect(none.active).toBe(false);
    expect(none.find("anything")).toBe(-1);
    expect(none.safeLength("anything")).toBe(8);
  });
});
