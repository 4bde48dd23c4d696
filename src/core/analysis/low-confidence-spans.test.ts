import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { TokenLogprob } from "../types.js";
import { lowConfidenceSpans } from "./low-confidence-spans.js";

function token(text: string, p: number | null): TokenLogprob {
  return { token: text, bytes: [], logprob: p === null ? null : Math.log(p), top: [] };
}

describe("lowConfidenceSpans", () => {
  it("finds maximal runs below the threshold with end exclusive", () => {
    // hand computation with threshold 0.5: probabilities .9 .4 .3 .8 .2 .6 .1
    // -> runs [1, 3) " b c" min .3, [4, 5) " e" min .2, [6, 7) " g" min .1
    const tokens = [0.9, 0.4, 0.3, 0.8, 0.2, 0.6, 0.1].map((p, i) => token(` ${"abcdefg"[i]}`, p));
    const spans = lowConfidenceSpans(tokens, { threshold: 0.5 });
    expect(spans.map(({ start, end, text }) => [start, end, text])).toEqual([
      [1, 3, " b c"],
      [4, 5, " e"],
      [6, 7, " g"],
    ]);
    expect(spans.map((span) => span.minProb)).toEqual([0.3, 0.2, 0.1].map((p) => expect.closeTo(p, 14)));
  });

  it("is strict at the threshold and lets unknown logprobs break runs", () => {
    const placeholder: TokenLogprob = { token: "e", bytes: [], logprob: -9999, top: [] };
    const tokens = [token("a", 0.2), token("b", null), token("c", 0.1), token("d", 0.5), placeholder];
    expect(lowConfidenceSpans(tokens, { threshold: 0.5 }).map(({ start, end }) => [start, end])).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it("finds nothing when every token is above the threshold, and everything at threshold 1", () => {
    const tokens = [token("a", 0.9), token("b", 0.95)];
    expect(lowConfidenceSpans(tokens, { threshold: 0.5 })).toEqual([]);
    expect(lowConfidenceSpans(tokens, { threshold: 1 })).toHaveLength(1);
  });

  it("rejects thresholds outside (0, 1]", () => {
    for (const threshold of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => lowConfidenceSpans([], { threshold })).toThrow(InvalidInputError);
    }
  });
});
