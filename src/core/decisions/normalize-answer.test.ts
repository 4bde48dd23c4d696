import { describe, expect, it } from "vitest";
import { answerMatches, normalizeAnswer } from "./normalize-answer.js";

describe("normalizeAnswer and answerMatches", () => {
  it("trims, case-folds, collapses whitespace and drops trailing punctuation and quotes", () => {
    expect(normalizeAnswer("  The   Cat.\n")).toBe("the cat");
    expect(normalizeAnswer('"Paris!"')).toBe("paris");
    expect(normalizeAnswer("ＡＢＣ")).toBe("abc"); // NFKC folds full-width letters
  });

  it("matches exactly, or as a prefix ending at a word boundary", () => {
    expect(answerMatches(" Paris.", "paris")).toBe(true);
    expect(answerMatches("Paris is the capital", "paris")).toBe(false);
    expect(answerMatches("Paris is the capital", "paris", "prefix")).toBe(true);
    expect(answerMatches("Parisian", "paris", "prefix")).toBe(false);
    expect(answerMatches("Lyon", ["paris", "lyon"])).toBe(true);
    expect(answerMatches("", "")).toBe(true);
    expect(answerMatches("x", "", "prefix")).toBe(false);
  });
});
