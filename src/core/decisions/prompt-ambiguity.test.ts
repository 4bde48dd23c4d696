import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs } from "../../../test/helpers/fake-model.js";
import { InvalidInputError } from "../errors.js";
import type { GenerateRequest, GenerateResult, LogprobModel } from "../model.js";
import { promptAmbiguity, sampleDisagreement } from "./prompt-ambiguity.js";

/** The fake model, but sampled requests answer by seed: seeds 0, 1 -> "a", 2 -> "b", 3 -> "c". */
function seededDouble(): LogprobModel {
  const fake = createFakeModel();
  const texts = ["a", "a", "b", "c"];
  return {
    ...fake,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const result = await fake.generate(request);
      const seed = request.sampling?.seed;
      return seed === undefined ? result : { ...result, text: texts[seed % texts.length] as string };
    },
  };
}

const entropyAfter = (previous: number) =>
  -fakeLogprobs(previous).reduce((sum, logprob) => sum + Math.exp(logprob) * logprob, 0);

describe("sampleDisagreement", () => {
  it("is the unbiased Gini-Simpson index (hand computation)", () => {
    // groups 2, 1, 1 of 4: 1 - (2*1) / (4*3) = 5/6
    expect(sampleDisagreement([2, 1, 1])).toBeCloseTo(5 / 6, 15);
    expect(sampleDisagreement([5])).toBe(0);
    expect(sampleDisagreement([1, 1, 1])).toBe(1);
    expect(() => sampleDisagreement([1])).toThrow(InvalidInputError);
  });
});

describe("promptAmbiguity", () => {
  it("combines the greedy tokens' entropy with the samples' disagreement (hand computation)", async () => {
    const result = await promptAmbiguity(seededDouble(), " on", { samples: 4, tokens: 3 });
    // greedy after " on" (5): "." (7), " the" (2), " sat" (4): exact entropies after 5, 7, 2
    const meanEntropy = (entropyAfter(5) + entropyAfter(7) + entropyAfter(2)) / 3;
    expect(result.meanEntropy).toBeCloseTo(meanEntropy, 12);
    expect(result.entropyExact).toBe(true);
    expect(result.entropyScore).toBeCloseTo(1 - Math.exp(-meanEntropy), 12);
    expect(result.disagreement).toBeCloseTo(5 / 6, 15);
    expect(result.score).toBeCloseTo((1 - Math.exp(-meanEntropy) + 5 / 6) / 2, 12);
    expect(result.branches).toEqual([
      { text: "a", count: 2, share: 0.5 },
      { text: "b", count: 1, share: 0.25 },
      { text: "c", count: 1, share: 0.25 },
    ]);
    expect(result.greedy).toBe(". the sat");
    // branch points sorted by entropy, each with its top alternatives
    const entropies = result.branchPoints.map((point) => point.entropy);
    expect(entropies).toEqual([...entropies].sort((a, b) => b - a));
    expect(result.branchPoints[0]?.alternatives.length).toBe(5);
  });

  it("is the entropy half alone when every sample agrees, and validates its options", async () => {
    const fake = createFakeModel(); // greedy whatever the seed: all samples agree
    const result = await promptAmbiguity(fake, " on", { samples: 3, tokens: 1 });
    expect(result.disagreement).toBe(0);
    expect(result.score).toBeCloseTo((1 - Math.exp(-entropyAfter(5))) / 2, 12);
    await expect(promptAmbiguity(fake, "", {})).rejects.toThrow(/prompt/);
    await expect(promptAmbiguity(fake, "x", { samples: 1 })).rejects.toThrow(/samples/);
    await expect(promptAmbiguity(fake, "x", { temperature: 0 })).rejects.toThrow(/temperature/);
  });
});
