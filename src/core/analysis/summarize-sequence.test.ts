import { describe, expect, it } from "vitest";
import { InvalidLogprobDataError } from "../errors.js";
import type { TokenLogprob } from "../types.js";
import { summarizeSequence } from "./summarize-sequence.js";

function token(text: string, logprob: number | null, extra: Partial<TokenLogprob> = {}): TokenLogprob {
  return { token: text, bytes: [...new TextEncoder().encode(text)], logprob, top: [], ...extra };
}

describe("summarizeSequence", () => {
  it("computes the statistics over scored tokens only", () => {
    // hand computation: scored logprobs ln 0.5, ln 0.25, ln 0.5 (the first token is unscored)
    // joint = ln(1/16) = -4 ln 2; mean = -(4/3) ln 2; perplexity = 2^(4/3) = 2.5198420997897464;
    // bytes of scored tokens: "ab"(2) + "c"(1) + "é"(2) = 5 -> bits per byte = 4 / 5 = 0.8
    const tokens = [
      token("<s>", null),
      token("ab", Math.log(0.5), { entropy: 1 }),
      token("c", Math.log(0.25), { entropy: 2 }),
      token("é", Math.log(0.5)),
    ];
    const summary = summarizeSequence(tokens);
    expect(summary.tokenCount).toBe(3);
    expect(summary.jointLogprob).toBeCloseTo(-4 * Math.LN2, 15);
    expect(summary.meanLogprob).toBeCloseTo(-(4 / 3) * Math.LN2, 15);
    expect(summary.minLogprob).toBeCloseTo(Math.log(0.25), 15);
    expect(summary.perplexity).toBeCloseTo(2.5198420997897464, 14);
    expect(summary.byteCount).toBe(5);
    expect(summary.bitsPerByte).toBeCloseTo(0.8, 15);
    // hand computation: mean of entropies 1 and 2
    expect(summary.meanEntropy).toBe(1.5);
    expect(summary.entropyCount).toBe(2);
    expect(summary.leastConfident).toEqual({ index: 2, token: "c", logprob: Math.log(0.25) });
  });

  it("treats -9999 and -Infinity as unknown, not as values", () => {
    const summary = summarizeSequence([token("a", -9999), token("b", Math.log(0.5)), token("c", -Infinity)]);
    expect(summary.tokenCount).toBe(1);
    expect(summary.perplexity).toBeCloseTo(2, 15);
    expect(summary.leastConfident?.index).toBe(1);
  });

  it("returns nulls and a zero joint logprob when nothing is scored", () => {
    const summary = summarizeSequence([token("a", null)]);
    expect(summary).toEqual({
      tokenCount: 0,
      jointLogprob: 0,
      meanLogprob: null,
      minLogprob: null,
      perplexity: null,
      byteCount: 0,
      bitsPerByte: null,
    });
    expect(summarizeSequence([]).tokenCount).toBe(0);
  });

  it("rejects NaN and positive logprobs naming the position", () => {
    expect(() => summarizeSequence([token("a", -1), token("b", Number.NaN)])).toThrow(
      InvalidLogprobDataError,
    );
    expect(() => summarizeSequence([token("a", 0.5)])).toThrow(/token 0: logprob/);
  });
});
