import { describe, expect, it } from "vitest";
import type { GenerateResult } from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { completionChoiceTokens } from "./completion-tokens.js";

function token(text: string, logprob: number | null, textOffset: number): TokenLogprob {
  return {
    token: text,
    bytes: [...new TextEncoder().encode(text)],
    logprob,
    top: [
      { token: text, logprob: logprob ?? -1 },
      { token: "x", logprob: -5 },
    ],
    textOffset,
  };
}

const result: GenerateResult = {
  text: " sat",
  sequence: { tokens: [token(" sat", -0.2, 0)], provenance: { source: "t", distribution: "raw" } },
  prompt: {
    tokens: [token(" the", -0.8, 0), token(" cat", -3, 4)],
    provenance: { source: "t", distribution: "raw" },
  },
  finishReason: "length",
  usage: { promptTokens: 3, completionTokens: 1 },
  warnings: [],
  model: "t",
};

describe("completionChoiceTokens", () => {
  it("with echo: prompt tokens first, the first one unconditioned (OpenAI), offsets into prompt + completion", () => {
    const tokens = completionChoiceTokens(result, { prompt: " the cat", echo: true, k: 1 });
    expect(tokens.map((t) => [t.token, t.logprob, t.textOffset, t.top.length])).toEqual([
      [" the", null, 0, 0],
      [" cat", -3, 4, 1],
      [" sat", -0.2, 8, 1],
    ]);
  });

  it("with echo, offsets index the prompt as sent when the decoded prompt has an added leading space", () => {
    const spaced: GenerateResult = {
      ...result,
      prompt: {
        tokens: [token(" Once", -1, 0), token(" upon", -2, 5)],
        text: " Once upon",
        provenance: { source: "t", distribution: "raw" },
      },
    };
    const tokens = completionChoiceTokens(spaced, { prompt: "Once upon", echo: true, k: 1 });
    // "Once upon": " upon" (with its space) starts at 4; the generated " sat" at 9.
    expect(tokens.map((t) => t.textOffset)).toEqual([0, 4, 9]);
  });

  it("without echo: only generated tokens, offsets starting at the prompt's length", () => {
    const tokens = completionChoiceTokens(result, { prompt: " the cat", echo: false, k: 2 });
    expect(tokens.map((t) => [t.token, t.textOffset, t.top.length])).toEqual([[" sat", 8, 2]]);
  });
});
