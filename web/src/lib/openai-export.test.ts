import { describe, expect, it } from "vitest";
import type { LogprobSequence } from "../../../src/core/index.js";
import { FOUR_TOKENS, token } from "../test-support/fixtures.js";
import { needsCompletionShape, toChatCompletion, toEchoCompletion, toOpenAiJson } from "./openai-export.js";

const generated: LogprobSequence = {
  tokens: FOUR_TOKENS.slice(0, 2),
  provenance: { source: "engine", model: "m", distribution: "raw" },
};

describe("OpenAI export", () => {
  it("writes generated tokens as Chat Completions logprobs.content", () => {
    const json = toChatCompletion(generated, { model: "m", created: 1700000000, finishReason: "length" });
    // Oracle: the OpenAI Chat Completions response shape, filled in by hand from the fixture.
    expect(json).toEqual({
      id: "chatcmpl-logprobe-1700000000",
      object: "chat.completion",
      created: 1700000000,
      model: "m",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Once upon", refusal: null },
          logprobs: {
            content: [
              {
                token: "Once",
                logprob: Math.log(0.5),
                bytes: [79, 110, 99, 101],
                top_logprobs: [
                  { token: "Once", logprob: Math.log(0.5), bytes: [79, 110, 99, 101] },
                  { token: "One", logprob: Math.log(0.3), bytes: [79, 110, 101] },
                  { token: "The", logprob: Math.log(0.1), bytes: [84, 104, 101] },
                ],
              },
              {
                token: " upon",
                logprob: Math.log(0.25),
                bytes: [32, 117, 112, 111, 110],
                top_logprobs: [
                  { token: " there", logprob: Math.log(0.45), bytes: [32, 116, 104, 101, 114, 101] },
                  { token: " upon", logprob: Math.log(0.25), bytes: [32, 117, 112, 111, 110] },
                  { token: " in", logprob: Math.log(0.2), bytes: [32, 105, 110] },
                ],
              },
            ],
            refusal: null,
          },
          finish_reason: "length",
        },
      ],
    });
  });

  it("writes scored text as an echo completion with null for the unconditioned first token", () => {
    const scored: LogprobSequence = {
      tokens: [
        token("Hi", null),
        token(
          " there",
          0.25,
          [
            [" you", 0.5, 1],
            [" there", 0.25, 2],
          ],
          2,
        ),
      ],
      provenance: { source: "engine", distribution: "raw" },
    };
    expect(needsCompletionShape(scored)).toBe(true);
    const json = toEchoCompletion(scored, { model: "m", created: 5 });
    expect(json.object).toBe("text_completion");
    expect((json.choices as unknown[])[0]).toEqual({
      index: 0,
      text: "Hi there",
      logprobs: {
        tokens: ["Hi", " there"],
        token_logprobs: [null, Math.log(0.25)],
        top_logprobs: [null, { " you": Math.log(0.5), " there": Math.log(0.25) }],
        text_offset: [0, 2],
      },
      finish_reason: "length",
    });
    expect(toOpenAiJson(scored, { model: "m", created: 5 }).object).toBe("text_completion");
    expect(toOpenAiJson(generated, { model: "m", created: 5 }).object).toBe("chat.completion");
  });

  it("refuses a chat export of an unknown logprob", () => {
    expect(() =>
      toChatCompletion({ ...generated, tokens: [token("a", null)] }, { model: "m", created: 1 }),
    ).toThrow(/token 0 has no logprob/);
  });
});
