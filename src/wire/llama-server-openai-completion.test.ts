import { describe, expect, it } from "vitest";
import { loadFixture } from "./__fixtures__/load-fixture.js";
import { fromLlamaServerOpenAICompletionResponse } from "./llama-server-openai-completion.js";

describe("llama.cpp server /v1/completions (chat-style logprobs)", () => {
  it("parses the recorded response with ids and sorted alternatives", () => {
    const sequence = fromLlamaServerOpenAICompletionResponse(loadFixture("llama-server-v1-completions.json"));
    expect(sequence.provenance).toEqual({
      source: "llama-server",
      model: "stories260K.gguf",
      distribution: "top-k",
    });
    expect(sequence.text).toBe(" a girl");
    expect(sequence.tokens.map((token) => [token.id, token.logprob])).toEqual([
      [263, -0.1625],
      [7827, -1.2493],
    ]);
    expect(sequence.tokens[1]?.top.map((alternative) => [alternative.id, alternative.logprob])).toEqual([
      [2217, -0.6919],
      [7827, -1.2493],
    ]);
  });

  it("rejects a choice without logprobs, naming it", () => {
    const response = { object: "text_completion", choices: [{ text: "x", index: 0, logprobs: null }] };
    expect(() => fromLlamaServerOpenAICompletionResponse(response)).toThrow(
      expect.objectContaining({ field: "choices[0].logprobs" }),
    );
  });
});
