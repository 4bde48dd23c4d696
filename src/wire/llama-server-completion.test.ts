import { describe, expect, it } from "vitest";
import { fixtureText, loadFixture } from "./__fixtures__/load-fixture.js";
import {
  fromLlamaServerCompletionProbabilities,
  fromLlamaServerCompletionResponse,
  fromLlamaServerCompletionStream,
} from "./llama-server-completion.js";
import { parseSseData } from "./sse-events.js";

describe("llama.cpp server /completion probabilities", () => {
  it("parses the logprob shape as a top-k distribution with token ids", () => {
    const sequence = fromLlamaServerCompletionResponse(loadFixture("llama-server-completion.json"));
    expect(sequence.provenance).toEqual({
      source: "llama-server",
      model: "stories260K.gguf",
      distribution: "top-k",
    });
    expect(sequence.text).toBe(" a girl");
    expect(sequence.tokens.map((token) => [token.id, token.token, token.logprob])).toEqual([
      [263, " a", -0.1625],
      [7827, " girl", -1.2493],
    ]);
    expect(sequence.tokens[1]?.top.map((alternative) => alternative.id)).toEqual([2217, 7827, 8023]);
  });

  it("parses post_sampling_probs as the processed distribution, ln of each probability", () => {
    const sequence = fromLlamaServerCompletionResponse(
      loadFixture("llama-server-completion-post-sampling.json"),
    );
    expect(sequence.provenance.distribution).toBe("processed");
    // Hand computation: ln 0.9 = -0.105360516, ln 0.25 = -1.386294361, ln 0.75 = -0.287682072.
    expect(sequence.tokens[0]?.logprob).toBeCloseTo(-0.105360516, 9);
    expect(sequence.tokens[1]?.logprob).toBeCloseTo(-1.386294361, 9);
    expect(sequence.tokens[1]?.top[0]?.logprob).toBeCloseTo(-0.287682072, 9);
    // prob 0 (cut by top_k) has no finite logprob: dropped from the alternatives.
    expect(sequence.tokens[1]?.top.map((alternative) => alternative.token)).toEqual([" little", " girl"]);
  });

  it("names the entry of a probability above 1", () => {
    const bad = [{ id: 1, token: "a", prob: 1.5, top_probs: [] }];
    expect(() => fromLlamaServerCompletionProbabilities(bad)).toThrow(
      expect.objectContaining({ field: "completion_probabilities[0].prob" }),
    );
  });
});

describe("llama.cpp server /completion streamed events", () => {
  it("accumulates the events into the same sequence as the non-streamed response", () => {
    const events = parseSseData(fixtureText("llama-server-completion-stream.txt"));
    // Oracle: the recorded non-streamed response of the same generation.
    expect(fromLlamaServerCompletionStream(events)).toEqual(
      fromLlamaServerCompletionResponse(loadFixture("llama-server-completion.json")),
    );
  });
});

describe("llama.cpp server /completion probs of builds before December 2024", () => {
  it("reads {content, probs: [{tok_str, prob}]} as the processed distribution", () => {
    const sequence = fromLlamaServerCompletionProbabilities([
      {
        content: " a",
        probs: [
          { tok_str: " a", prob: 0.8 },
          { tok_str: " an", prob: 0.15 },
        ],
      },
      { content: " girl", probs: [{ tok_str: " boy", prob: 0.5 }] },
    ]);
    expect(sequence.provenance.distribution).toBe("processed");
    // Hand computation: ln 0.8 = -0.223143551, ln 0.15 = -1.897119985; " girl" is not listed: unknown.
    expect(sequence.tokens[0]?.logprob).toBeCloseTo(-0.223143551, 9);
    expect(sequence.tokens[0]?.top[1]?.logprob).toBeCloseTo(-1.897119985, 9);
    expect(sequence.tokens[1]?.logprob).toBeNull();
    expect(sequence.tokens[1]?.top.map((alternative) => alternative.token)).toEqual([" boy"]);
  });
});
