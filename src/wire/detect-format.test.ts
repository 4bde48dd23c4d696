import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format.js";

describe("detectFormat", () => {
  it("tells the text_completion variants apart by their documented fields", () => {
    const choice = { text: "x", index: 0 };
    expect(
      detectFormat({ object: "text_completion", choices: [{ ...choice, logprobs: { tokens: [] } }] }),
    ).toBe("openai-completions");
    expect(
      detectFormat({ object: "text_completion", choices: [{ ...choice, logprobs: { content: [] } }] }),
    ).toBe("llama-server-v1-completions");
    expect(
      detectFormat({ object: "text_completion", choices: [{ ...choice, prompt_logprobs: [null] }] }),
    ).toBe("vllm");
    expect(detectFormat({ object: "chat.completion", prompt_logprobs: [null], choices: [] })).toBe("vllm");
  });

  it("reads arrays as streams or bare lists", () => {
    expect(detectFormat([{ object: "chat.completion.chunk", choices: [] }])).toBe("openai-chat-stream");
    expect(detectFormat([{ object: "text_completion", choices: [] }])).toBe("openai-completions-stream");
    expect(detectFormat([{ type: "response.created" }])).toBe("openai-responses-stream");
    expect(detectFormat([{ content: " a", completion_probabilities: [] }])).toBe("llama-server-completion");
    expect(detectFormat([{ id: 1, token: "a", prob: 1, top_probs: [] }])).toBe("llama-server-completion");
    expect(detectFormat([{ id: 1, token: "a", logprob: 0, top_logprobs: [] }])).toBe(
      "llama-server-completion",
    );
    expect(detectFormat([{ token: "a", logprob: 0, bytes: [97], top_logprobs: [] }])).toBe(
      "openai-responses",
    );
    expect(detectFormat([null, { "5": { logprob: -1, rank: 1 } }])).toBe("vllm");
    expect(detectFormat([{ model: "m", created_at: "t", done: true }])).toBe("ollama");
    expect(detectFormat([{ candidates: [] }])).toBe("gemini");
  });

  it("names what it got when nothing matches", () => {
    expect(() => detectFormat(42)).toThrow(
      expect.objectContaining({ field: "(root)", message: expect.stringMatching(/is number/) }),
    );
    expect(() => detectFormat([])).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/is an array/) }),
    );
  });
});
