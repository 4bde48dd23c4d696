import { describe, expect, it } from "vitest";
import { loadFixture } from "./__fixtures__/load-fixture.js";
import { fromVllmResponse, VllmPromptLogprobsSchema, vllmPromptTokens } from "./vllm-prompt-logprobs.js";

const fixture = loadFixture("vllm-prompt-logprobs.json") as {
  choices: { prompt_token_ids?: number[]; prompt_logprobs: unknown[] }[];
};

describe("vLLM prompt_logprobs", () => {
  it("parses prompt tokens (by prompt_token_ids) then the generated token", () => {
    const sequence = fromVllmResponse(fixture);
    expect(sequence.provenance).toEqual({
      source: "vllm",
      model: "meta-llama/Llama-3.2-1B",
      distribution: "top-k",
    });
    // The first prompt position is null and its text is unknown (no echo): it is left out.
    expect(sequence.tokens.map((token) => [token.token, token.logprob, token.prompt === true])).toEqual([
      ["The", -7.9423, true],
      [" capital", -5.5093, true],
      [" of", -0.0618, true],
      [" France", -1.8971, true],
      [" is", -0.5108, true],
      [" Paris", -0.4055, false],
    ]);
    expect(sequence.tokens.map((token) => token.rank)).toEqual([13, 24, 1, 2, 1, undefined]);
    // Position 1: ranks 13, 1, 2 -> the prompt token (rank 13) is outside the top 2, so not an alternative.
    expect(sequence.tokens[0]?.top.map((alternative) => [alternative.id, alternative.token])).toEqual([
      [40, "I"],
      [567, "##"],
    ]);
    // Position 4: " France" is rank 2, inside the top 2: both entries are alternatives, sorted.
    expect(sequence.tokens[3]?.top.map((alternative) => alternative.token)).toEqual([" the", " France"]);
    expect(sequence.text).toBe("The capital of France is Paris");
  });

  it("without token ids, finds the prompt token by rank where the ranks tell", () => {
    const list = VllmPromptLogprobsSchema.parse(fixture.choices[0]?.prompt_logprobs.slice(0, 3));
    const tokens = vllmPromptTokens(list, { path: "prompt_logprobs" });
    expect(tokens.map((token) => token.id)).toEqual([791, 6864]);
  });

  it("without token ids, names the position where the prompt token cannot be told", () => {
    const bare = structuredClone(fixture);
    delete bare.choices[0]?.prompt_token_ids;
    expect(() => fromVllmResponse(bare)).toThrow(
      expect.objectContaining({ field: "choices[0].prompt_logprobs[3]" }),
    );
  });

  it("keeps the null first position when an echoed logprobs object names its text", () => {
    const response = {
      object: "text_completion",
      choices: [
        {
          index: 0,
          text: "ab",
          logprobs: {
            tokens: ["a", "b"],
            token_logprobs: [null, -1],
            top_logprobs: [null, { b: -1 }],
            text_offset: [0, 1],
          },
          prompt_logprobs: [null, { "5": { logprob: -1, rank: 1, decoded_token: "b" } }],
        },
      ],
    };
    const tokens = fromVllmResponse(response).tokens;
    expect(tokens.map((token) => [token.token, token.logprob])).toEqual([
      ["a", null],
      ["b", -1],
    ]);
  });
});

describe("vLLM chat completions with prompt_logprobs", () => {
  it("reads the top-level prompt_logprobs and the chat logprobs of the choice", () => {
    const response = {
      object: "chat.completion",
      model: "m",
      prompt_logprobs: [null, { "7": { logprob: -0.5, rank: 1, decoded_token: "hi" } }],
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "!" },
          logprobs: { content: [{ token: "!", logprob: -0.25, bytes: [33], top_logprobs: [] }] },
        },
      ],
    };
    const sequence = fromVllmResponse(response);
    expect(sequence.tokens.map((token) => [token.token, token.logprob, token.prompt === true])).toEqual([
      ["hi", -0.5, true],
      ["!", -0.25, false],
    ]);
  });
});
