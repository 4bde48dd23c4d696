import { describe, expect, it } from "vitest";
import type { ScoreResult } from "../model.js";
import type { TokenLogprob } from "../types.js";
import { compareScoredSequences } from "./compare-scored-sequences.js";

const ln = Math.log;

function scored(model: string, tokens: TokenLogprob[]): ScoreResult {
  return {
    sequence: { tokens, provenance: { source: "api", model, distribution: "top-k" } },
    bosConditioned: false,
    perplexity: 1,
    bitsPerByte: 1,
    usage: { promptTokens: tokens.length, completionTokens: 0 },
    warnings: [],
    model,
  };
}

const token = (text: string, offset: number, p: number | null, top: [string, number][]): TokenLogprob => ({
  token: text,
  bytes: [],
  logprob: p === null ? null : ln(p),
  top: top.map(([alternative, probability]) => ({ token: alternative, logprob: ln(probability) })),
  textOffset: offset,
});

describe("compareScoredSequences", () => {
  it("pairs tokens by place and bounds each KL by hand", () => {
    // Position 1 (" b"): base top-2 = {" b": 0.6, " c": 0.3}, model top-2 = {" b": 0.5, " d": 0.4}.
    // Known under both: " b". Base only: " c" (0.3), q <= cap 0.4. Rest: base 0.1; model outside {" b"}: 0.5.
    // free q_B = 0.5 * 0.3 / 0.4 = 0.375 <= 0.4, so
    // lower = 0.6 ln(0.6/0.5) + 0.3 ln(0.3/0.375) + 0.1 ln(0.1/0.125) = 0.6 ln 1.2 + 0.4 ln 0.8
    const base = scored("base", [
      token("a", 0, null, []),
      token(" b", 1, 0.6, [
        [" b", 0.6],
        [" c", 0.3],
      ]),
    ]);
    const model = scored("model", [
      token("a", 0, null, []),
      token(" b", 1, 0.5, [
        [" b", 0.5],
        [" d", 0.4],
      ]),
    ]);
    const result = compareScoredSequences(base, model, 2);
    expect(result.method).toBe("top-k-bounds");
    expect(result.tokens).toHaveLength(1);
    const [compared] = result.tokens;
    expect(compared?.klDivergenceBounds?.lower).toBeCloseTo(0.6 * ln(1.2) + 0.4 * ln(0.8), 14);
    expect(compared?.klDivergenceBounds?.upper).toBeNull();
    expect(compared?.logprobDifference).toBeCloseTo(ln(0.5) - ln(0.6), 15);
    expect(compared?.sameTop).toBe(true);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["kl-divergence-bounds"]);
    // probability change: 0.5 - 0.6 -> RMS 0.1
    expect(result.probabilityDifferenceRms).toBeCloseTo(0.1, 15);
  });

  it("warns about tokens with no partner in the other tokenization", () => {
    const base = scored("base", [token("ab", 0, 0.5, []), token("c", 2, 0.5, [])]);
    const model = scored("model", [token("a", 0, 0.5, []), token("b", 1, 0.5, []), token("c", 2, 0.5, [])]);
    const result = compareScoredSequences(base, model, 0);
    expect(result.tokens.map((compared) => compared.token)).toEqual(["c"]);
    expect(result.warnings.find((warning) => warning.code === "unpaired-tokens")?.message).toMatch(
      /^1 token/,
    );
  });
});
