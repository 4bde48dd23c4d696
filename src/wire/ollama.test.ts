import { describe, expect, it } from "vitest";
import { loadFixture } from "./__fixtures__/load-fixture.js";
import { fromOllamaResponse } from "./ollama.js";

describe("Ollama logprobs", () => {
  it("parses the recorded /api/generate response", () => {
    const sequence = fromOllamaResponse(loadFixture("ollama.json"));
    expect(sequence.provenance).toEqual({ source: "ollama", model: "gemma3", distribution: "top-k" });
    expect(sequence.text).toBe("Hi there");
    expect(sequence.tokens.map((token) => [token.token, token.logprob])).toEqual([
      ["Hi", -0.5447],
      [" there", -1.6094],
    ]);
    expect(sequence.tokens[1]?.top.map((alternative) => alternative.token)).toEqual(["!", " there"]);
  });

  it("accumulates streamed chat chunks (NDJSON lines) in order", () => {
    const chunk = (content: string, logprob: number, done: boolean) => ({
      model: "gemma3",
      created_at: "2025-11-12T02:04:03Z",
      message: { role: "assistant", content },
      done,
      logprobs: [{ token: content, logprob }],
    });
    const sequence = fromOllamaResponse([chunk("Hi", -0.5, false), chunk("!", -0.25, true)]);
    expect(sequence.text).toBe("Hi!");
    expect(sequence.tokens.map((token) => [token.token, token.logprob, token.bytes])).toEqual([
      ["Hi", -0.5, [72, 105]],
      ["!", -0.25, [33]],
    ]);
  });

  it("names the chunk and field of bad data", () => {
    const bad = [
      { model: "m", created_at: "t", response: "x", done: true, logprobs: [{ token: "x", logprob: 3 }] },
    ];
    expect(() => fromOllamaResponse(bad)).toThrow(
      expect.objectContaining({ field: "[0].logprobs[0].logprob" }),
    );
  });
});
