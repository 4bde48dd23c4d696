import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../../core/types.js";
import { analysisJson, tokenJson } from "./json-output.js";

// Hand values: ln 0.5 = -0.693147, ln 0.25 = -1.386294; sum = ln 0.125 = -2.079442; mean = -1.039721;
// perplexity = exp(1.039721) = 2.828427 (= 2^1.5, the inverse geometric mean of 0.5 and 0.25).
const tokens: TokenLogprob[] = [
  { token: "<s>", bytes: [], logprob: null, top: [] },
  {
    token: " a",
    bytes: [32, 97],
    id: 4,
    logprob: Math.log(0.5),
    top: [
      { token: " a", logprob: Math.log(0.5), id: 4, bytes: [32, 97] },
      { token: " b", logprob: Math.log(0.3), id: 5 },
    ],
    entropy: 1,
    rank: 1,
  },
  { token: " c", bytes: [32, 99], logprob: Math.log(0.25), top: [] },
];

describe("analysisJson", () => {
  it("keeps token, logprob, prob and top only, and summarises the tokens with a logprob", () => {
    const document = analysisJson("engine", tokens, 1);
    expect(document.format).toBe("engine");
    expect(document.tokens).toEqual([
      { token: "<s>", bytes: [], logprob: null, prob: null, top: [] },
      {
        token: " a",
        bytes: [32, 97],
        logprob: Math.log(0.5),
        prob: 0.5,
        top: [{ token: " a", bytes: [32, 97], logprob: Math.log(0.5) }],
      },
      { token: " c", bytes: [32, 99], logprob: Math.log(0.25), prob: expect.closeTo(0.25, 15), top: [] },
    ]);
    expect(document.summary).toEqual({
      tokenCount: 2,
      meanLogprob: expect.closeTo(-1.039721, 6),
      minLogprob: Math.log(0.25),
      perplexity: expect.closeTo(2.828427, 6),
      jointLogprob: expect.closeTo(-2.079442, 6),
    });
  });

  it("gives null statistics when no token has a logprob", () => {
    expect(analysisJson("x", [tokens[0]!]).summary).toEqual({
      tokenCount: 0,
      meanLogprob: null,
      minLogprob: null,
      perplexity: null,
      jointLogprob: 0,
    });
  });

  it("keeps every alternative without a limit", () => {
    expect(tokenJson(tokens[1]!).top).toHaveLength(2);
  });
});
