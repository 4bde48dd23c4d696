import { describe, expect, it } from "vitest";
import { loadFixture } from "./__fixtures__/load-fixture.js";
import { fromGeminiResponse } from "./gemini.js";

const fixture = loadFixture("gemini.json") as {
  candidates: { avgLogprobs: number; logprobsResult: { logProbabilitySum: number } }[];
};

describe("Gemini logprobsResult", () => {
  it("parses chosen candidates with their step's top candidates", () => {
    const sequence = fromGeminiResponse(fixture);
    expect(sequence.provenance).toEqual({
      source: "gemini",
      model: "gemini-2.0-flash",
      distribution: "top-k",
    });
    expect(sequence.text).toBe("Yes, it is.");
    expect(sequence.tokens.map((token) => token.id)).toEqual([3553, 236764, 625, 563, 236761]);
    // Step 4: the chosen "." is the second of the top candidates.
    expect(sequence.tokens[4]?.top.map((alternative) => [alternative.token, alternative.logprob])).toEqual([
      ["!", -0.5108],
      [".", -1.1394],
    ]);
  });

  it("agrees with the response's own logProbabilitySum and avgLogprobs", () => {
    const logprobs = fromGeminiResponse(fixture).tokens.map((token) => token.logprob ?? Number.NaN);
    const sum = logprobs.reduce((total, value) => total + value, 0);
    const candidate = fixture.candidates[0];
    expect(sum).toBeCloseTo(candidate?.logprobsResult.logProbabilitySum ?? Number.NaN, 10);
    expect(sum / logprobs.length).toBeCloseTo(candidate?.avgLogprobs ?? Number.NaN, 10);
  });

  it("accepts a bare logprobsResult and reads a missing logProbability as unknown", () => {
    const sequence = fromGeminiResponse({ chosenCandidates: [{ token: "a", tokenId: 1 }] });
    expect(sequence.tokens[0]?.logprob).toBeNull();
  });

  it("names mismatched step counts", () => {
    const bad = structuredClone(fixture) as unknown as {
      candidates: { logprobsResult: { topCandidates: unknown[] } }[];
    };
    bad.candidates[0]?.logprobsResult.topCandidates.pop();
    expect(() => fromGeminiResponse(bad)).toThrow(
      expect.objectContaining({ field: "candidates[0].logprobsResult.topCandidates" }),
    );
  });
});
