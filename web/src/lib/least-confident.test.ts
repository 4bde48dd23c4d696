import { describe, expect, it } from "vitest";
import { FOUR_TOKENS, token } from "../test-support/fixtures.js";
import { leastConfidentTokens } from "./least-confident.js";

describe("leastConfidentTokens", () => {
  it("orders by probability, least first", () => {
    // Oracle: probabilities 0.5, 0.25, 0.8, 0.05 -> indices by increasing probability: 3, 1, 0, 2.
    expect(leastConfidentTokens(FOUR_TOKENS, 3).map((entry) => entry.index)).toEqual([3, 1, 0]);
  });

  it("skips unknown logprobs and keeps sequence order on ties", () => {
    const tokens = [token("a", null), token("b", 0.5), token("c", 0.5), token("d", 0.9)];
    expect(leastConfidentTokens(tokens, 5).map((entry) => entry.index)).toEqual([1, 2, 3]);
  });
});
