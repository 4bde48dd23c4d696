import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../../core/types.js";
import { renderSummary } from "./summary-text.js";

function token(text: string, logprob: number | null, top: [string, number][] = []): TokenLogprob {
  return {
    token: text,
    bytes: [...new TextEncoder().encode(text)],
    logprob,
    top: top.map(([alternative, value]) => ({ token: alternative, logprob: value })),
  };
}

describe("renderSummary", () => {
  it("reports perplexity, least confident token and ambiguity points (hand values)", () => {
    // ln 0.6 = -0.510826, ln 0.9 = -0.105361; mean -0.308093; perplexity exp(0.308093) = 1.3608.
    // Margin at #0: ln(0.6 / 0.4) = 0.405465 <= ln 2 (ambiguous); at #1: ln(0.9 / 0.05) = 2.89 (not).
    const output = renderSummary([
      token(" yes", Math.log(0.6), [
        [" yes", Math.log(0.6)],
        [" no", Math.log(0.4)],
      ]),
      token(".", Math.log(0.9), [
        [".", Math.log(0.9)],
        ["!", Math.log(0.05)],
      ]),
    ]);
    expect(output.split("\n")).toEqual([
      "tokens: 2  perplexity: 1.361  mean logprob: -0.3081 nats  joint logprob: -0.6162 nats",
      'least confident: #1 " yes" (60.0%, logprob -0.5108)',
      "ambiguity points: 1 (top-1 less than twice as likely as top-2)",
      '  #1 " yes": " yes" 60.0% vs " no" 40.0%, margin 0.4055 nats',
    ]);
  });

  it("says when ambiguity cannot be judged and when nothing has a logprob", () => {
    expect(renderSummary([token("a", Math.log(0.5))])).toContain(
      "ambiguity points: unknown (needs at least 2 alternatives per token)",
    );
    expect(renderSummary([token("a", null)])).toBe("tokens: 1 (none with a known logprob, so no summary)");
  });
});
