/**
 * The per-position numbers against brute force over the whole vocabulary (hand-derived oracles):
 * with `maxTopLogprobs` raised to the vocabulary size (512), the top list is the full distribution,
 * so its log-sum-exp must be 0, and entropy and rank can be recomputed by plain loops. Alternatives
 * may be rounded to float32 by the evaluator (the native path), hence tolerances of 1e-6.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

/** Rank = 1 + the number of strictly more probable tokens (allowing float32 rounding of `top`). */
function expectRank(rank: number, logprob: number, top: readonly { logprob: number }[]): void {
  const surely = top.filter((alternative) => alternative.logprob > logprob + 1e-6).length;
  const maybe = top.filter((alternative) => alternative.logprob > logprob - 1e-6).length;
  expect(rank).toBeGreaterThanOrEqual(1 + surely);
  expect(rank).toBeLessThanOrEqual(Math.max(1, maybe));
}

describe.skipIf(!requireTestModel())("full-distribution numbers (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine({ maxTopLogprobs: 512 });
  });
  afterAll(async () => {
    await model.close();
  });

  it("accepts any k up to the vocabulary when raised at load time", async () => {
    expect(model.capabilities.maxTopLogprobs).toBe(512);
    await expect(model.generate({ prompt: "a", maxTokens: 1, topLogprobs: 513 })).rejects.toMatchObject({
      field: "topLogprobs",
      allowed: "an integer from 0 to 512",
    });
  });

  it("sums to 1, and entropy and rank equal brute force, at every scored position", async () => {
    const result = await model.score({
      text: "Once upon a time, there was a big dog. It liked to run.",
      topLogprobs: 512,
    });
    for (const token of result.sequence.tokens) {
      expect(token.top).toHaveLength(512);
      let sum = 0;
      let entropy = 0;
      for (const alternative of token.top) {
        const probability = Math.exp(alternative.logprob);
        sum += probability;
        if (probability > 0) entropy -= probability * alternative.logprob;
      }
      expect(Math.abs(Math.log(sum))).toBeLessThan(1e-6);
      expect(token.entropy).toBeCloseTo(entropy, 6);
      expectRank(token.rank!, token.logprob!, token.top);
      const own = token.top.find((alternative) => alternative.id === token.id)!;
      expect(own.logprob).toBeCloseTo(token.logprob!, 6);
      expect(new Set(token.top.map((alternative) => alternative.id)).size).toBe(512);
    }
  });

  it("reports generated tokens' numbers from the same full distribution", async () => {
    const result = await model.generate({
      prompt: "The cat",
      maxTokens: 6,
      topLogprobs: 512,
      sampling: { temperature: 1.2, seed: 3 },
    });
    for (const token of result.sequence.tokens) {
      expectRank(token.rank!, token.logprob!, token.top);
      expect(token.top[token.rank! - 1]?.logprob).toBeCloseTo(token.logprob!, 6);
    }
  });
});
