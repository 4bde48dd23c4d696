import { describe, expect, it } from "vitest";
import { createFakeModel, fakeLogprobs, fakeTokenize } from "./fake-model.js";

describe("fake model (test double)", () => {
  it("has normalised distributions (hand check: probabilities sum to 1)", () => {
    for (let previous = 0; previous < 12; previous++) {
      const sum = fakeLogprobs(previous).reduce((total, value) => total + Math.exp(value), 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it("generates greedily with logprobs equal to its own table, and streams the same tokens", async () => {
    const model = createFakeModel();
    const result = await model.generate({ prompt: " the cat", maxTokens: 4, topLogprobs: 3 });
    const events = [];
    for await (const event of model.stream({ prompt: " the cat", maxTokens: 4, topLogprobs: 3 }))
      events.push(event);
    const streamed = events.flatMap((event) => (event.type === "token" ? [event.token] : []));
    expect(streamed).toEqual(result.sequence.tokens);
    for (const token of result.sequence.tokens) {
      expect(token.rank).toBe(1);
      expect(token.top[0]?.logprob).toBe(token.logprob);
    }
    expect(fakeTokenize(" the cat")).toEqual([2, 3]);
  });
});
