import { describe, expect, it } from "vitest";
import { loadFixture } from "./__fixtures__/load-fixture.js";
import {
  fromOpenAIResponsesLogprobs,
  fromOpenAIResponsesResponse,
  toOpenAIResponsesLogprobs,
} from "./openai-responses.js";

const fixture = loadFixture("openai-responses.json") as { output: { content: unknown[] }[] };
const part = fixture.output[0]?.content[0] as { logprobs: unknown };

describe("OpenAI Responses API output_text.logprobs", () => {
  it("parses the recorded response", () => {
    const sequence = fromOpenAIResponsesResponse(fixture);
    expect(sequence.provenance).toEqual({
      source: "openai",
      model: "gpt-4.1-2025-04-14",
      distribution: "top-k",
    });
    expect(sequence.text).toBe("Paris.");
    expect(sequence.tokens.map((token) => [token.token, token.logprob])).toEqual([
      ["Paris", -0.0013],
      [".", -0.2107],
    ]);
    expect(sequence.tokens[0]?.top[1]).toEqual({ token: "The", logprob: -6.7188, bytes: [84, 104, 101] });
  });

  it("round-trips the recorded logprobs array byte for byte", () => {
    const tokens = fromOpenAIResponsesLogprobs(part.logprobs).tokens;
    expect(JSON.stringify(toOpenAIResponsesLogprobs(tokens))).toBe(JSON.stringify(part.logprobs));
  });

  it("names the output part that lacks logprobs", () => {
    const bare = structuredClone(fixture) as { output: { content: { logprobs?: unknown }[] }[] };
    delete bare.output[0]?.content[0]?.logprobs;
    expect(() => fromOpenAIResponsesResponse(bare)).toThrow(
      expect.objectContaining({ field: "output[].content[].logprobs" }),
    );
  });

  it("names the path of a bad value inside an output part", () => {
    const bad = structuredClone(fixture) as { output: { content: { logprobs: { logprob: unknown }[] }[] }[] };
    const entry = bad.output[0]?.content[0]?.logprobs[1];
    if (entry) entry.logprob = 2;
    expect(() => fromOpenAIResponsesResponse(bad)).toThrow(
      expect.objectContaining({ field: "output[0].content[0].logprobs[1].logprob" }),
    );
  });
});
