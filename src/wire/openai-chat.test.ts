import { describe, expect, it } from "vitest";
import { loadFixture } from "./__fixtures__/load-fixture.js";
import { fromOpenAIChatLogprobs, fromOpenAIChatResponse, toOpenAIChatLogprobs } from "./openai-chat.js";

// The raw recorded object (not a zod output), so that the round trip is checked against the vendor bytes.
const fixture = loadFixture("openai-chat.json") as { choices: { logprobs: unknown }[] };
const logprobs = fixture.choices[0]?.logprobs;

describe("OpenAI chat completions logprobs", () => {
  it("parses the recorded response", () => {
    const sequence = fromOpenAIChatResponse(loadFixture("openai-chat.json"));
    expect(sequence.provenance).toEqual({
      source: "openai",
      model: "gpt-4o-mini-2024-07-18",
      distribution: "top-k",
    });
    expect(sequence.text).toBe("Hello! How");
    expect(sequence.tokens.map((token) => token.logprob)).toEqual([-0.31725305, -0.02380986, -0.3918192]);
    expect(sequence.tokens[1]?.top).toEqual([
      { token: "!", logprob: -0.02380986, bytes: [33] },
      { token: " there", logprob: -3.787621, bytes: [32, 116, 104, 101, 114, 101] },
    ]);
  });

  it("round-trips the recorded logprobs object byte for byte", () => {
    const tokens = fromOpenAIChatLogprobs(logprobs).tokens;
    expect(JSON.stringify(toOpenAIChatLogprobs(tokens))).toBe(JSON.stringify(logprobs));
  });

  it("round-trips the API's -9999 placeholder through null", () => {
    const raw = { content: [{ token: "x", logprob: -9999, bytes: [120], top_logprobs: [] }], refusal: null };
    const tokens = fromOpenAIChatLogprobs(raw).tokens;
    expect(tokens[0]?.logprob).toBeNull();
    expect(JSON.stringify(toOpenAIChatLogprobs(tokens))).toBe(JSON.stringify(raw));
  });

  it("fills null bytes with the token's UTF-8 (é is C3 A9)", () => {
    const tokens = fromOpenAIChatLogprobs({
      content: [{ token: "é", logprob: -1, bytes: null, top_logprobs: [] }],
    }).tokens;
    expect(tokens[0]?.bytes).toEqual([0xc3, 0xa9]);
  });

  it("names the path of a missing field", () => {
    const bad = { content: [{ token: "x", bytes: [120], top_logprobs: [] }] };
    expect(() => fromOpenAIChatLogprobs(bad)).toThrow(
      expect.objectContaining({ field: "logprobs.content[0].logprob" }),
    );
  });
});
