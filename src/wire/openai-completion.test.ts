import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../core/errors.js";
import { loadFixture } from "./__fixtures__/load-fixture.js";
import {
  fromOpenAICompletionLogprobs,
  fromOpenAICompletionResponse,
  toOpenAICompletionLogprobs,
} from "./openai-completion.js";

const fixture = loadFixture("openai-completion.json") as { choices: { logprobs: unknown }[] };
const logprobs = fixture.choices[0]?.logprobs;

describe("OpenAI legacy completions logprobs", () => {
  it("parses the recorded echo response: null first prompt token, prompt marked from usage", () => {
    const sequence = fromOpenAICompletionResponse(loadFixture("openai-completion.json"));
    expect(sequence.provenance).toEqual({
      source: "openai",
      model: "gpt-3.5-turbo-instruct",
      distribution: "top-k",
    });
    expect(sequence.tokens.map((token) => token.token)).toEqual(["The", " sky", " is", " blue", "."]);
    expect(sequence.tokens.map((token) => token.logprob)).toEqual([null, -6.2041, -0.4153, -1.0123, -0.6402]);
    expect(sequence.tokens.map((token) => token.prompt === true)).toEqual([true, true, true, false, false]);
    expect(sequence.tokens[0]?.top).toEqual([]);
    // The fixture's dict at position 1, sorted by logprob by hand; its third entry is the prompt
    // token itself, listed by OpenAI's "up to logprobs+1 elements" rule (logprobs was 2), so it is
    // not an alternative (its logprob is the token's).
    expect(sequence.tokens[1]?.top.map((alternative) => [alternative.token, alternative.logprob])).toEqual([
      [" first", -2.5314],
      [" same", -3.0567],
    ]);
    expect(sequence.tokens[3]?.textOffset).toBe(10);
    expect(sequence.tokens[1]?.bytes).toEqual([32, 115, 107, 121]); // UTF-8 of " sky"
    expect(sequence.text).toBe("The sky is blue.");
  });

  it("round-trips the recorded logprobs object byte for byte", () => {
    const tokens = fromOpenAICompletionLogprobs(logprobs).tokens;
    expect(JSON.stringify(toOpenAICompletionLogprobs(tokens))).toBe(JSON.stringify(logprobs));
  });

  it("emits keys in the API's order and computes offsets from textOffsetStart", () => {
    const emitted = toOpenAICompletionLogprobs(
      [
        { token: " blue", bytes: [], logprob: -1, top: [{ token: " blue", logprob: -1 }] },
        { token: ".", bytes: [], logprob: -0.5, top: [] },
      ],
      { textOffsetStart: 10 },
    );
    expect(Object.keys(emitted)).toEqual(["tokens", "token_logprobs", "top_logprobs", "text_offset"]);
    // Hand computation: 10, then 10 + " blue".length = 15.
    expect(emitted.text_offset).toEqual([10, 15]);
    // The sampled token is always listed, even with no alternatives (OpenAI's logprobs: 0).
    expect(emitted.top_logprobs).toEqual([{ " blue": -1 }, { ".": -0.5 }]);
  });

  it("keeps a top token named __proto__ as an ordinary key", () => {
    const emitted = toOpenAICompletionLogprobs([
      { token: "__proto__", bytes: [], logprob: -0.1, top: [{ token: "__proto__", logprob: -0.1 }] },
    ]);
    expect(JSON.stringify(emitted.top_logprobs)).toBe('[{"__proto__":-0.1}]');
  });

  it("reads -9999 as unknown, never as a value", () => {
    const sequence = fromOpenAICompletionLogprobs({
      tokens: ["a"],
      token_logprobs: [-9999],
      top_logprobs: [{ b: -0.1, c: -9999 }],
      text_offset: [0],
    });
    expect(sequence.tokens[0]?.logprob).toBeNull();
    expect(sequence.tokens[0]?.top.map((alternative) => alternative.token)).toEqual(["b"]);
  });

  it("names the field and position of bad data", () => {
    const bad = structuredClone(loadFixture("openai-completion.json")) as {
      choices: { logprobs: { token_logprobs: unknown[] } }[];
    };
    const choice = bad.choices[0];
    if (!choice) throw new Error("fixture has no choice");
    choice.logprobs.token_logprobs[3] = 0.5;
    expect(() => fromOpenAICompletionResponse(bad)).toThrow(InvalidInputError);
    try {
      fromOpenAICompletionResponse(bad);
    } catch (error) {
      expect((error as InvalidInputError).field).toBe("choices[0].logprobs.token_logprobs[3]");
      expect((error as InvalidInputError).message).toMatch(/0\.5 is above 0/);
    }
  });

  it("rejects arrays of different lengths, naming the field", () => {
    expect(() =>
      fromOpenAICompletionLogprobs({ tokens: ["a", "b"], token_logprobs: [-1], text_offset: [0, 1] }),
    ).toThrow(expect.objectContaining({ field: "logprobs.token_logprobs" }));
  });
});

describe("OpenAI legacy top_logprobs dicts", () => {
  it("keeps a token named __proto__ when parsing (JSON.parse makes it an own key)", () => {
    const json = JSON.parse(
      '{"tokens":["__proto__"],"token_logprobs":[-0.1],"top_logprobs":[{"__proto__":-0.1,"x":-2}],"text_offset":[0]}',
    );
    const tokens = fromOpenAICompletionLogprobs(json).tokens;
    expect(tokens[0]?.top.map((alternative) => alternative.token)).toEqual(["__proto__", "x"]);
    expect(JSON.stringify(toOpenAICompletionLogprobs(tokens))).toBe(JSON.stringify(json));
  });

  it("names the token key of a bad alternative", () => {
    expect(() =>
      fromOpenAICompletionLogprobs({
        tokens: ["a"],
        token_logprobs: [-1],
        top_logprobs: [{ " b": 1 }],
        text_offset: [0],
      }),
    ).toThrow(expect.objectContaining({ field: 'logprobs.top_logprobs[0][" b"]' }));
  });
});

// Oracle: OpenAI's documentation of the legacy `logprobs` parameter: "The API will always return
// the logprob of the sampled token, so there may be up to logprobs+1 elements in the response."
describe("withoutListedSampledToken", () => {
  const response = {
    tokens: [" a", " cat"],
    token_logprobs: [-0.1, -6.25],
    top_logprobs: [
      { " a": -0.1, " the": -2.5 },
      { " dog": -0.5, " big": -1.5, " cat": -6.25 },
    ],
    text_offset: [0, 2],
  };

  it("drops the sampled token listed as entry k+1 (k given, or inferred from the shortest list)", () => {
    for (const topLogprobs of [2, undefined]) {
      const sequence = fromOpenAICompletionLogprobs(
        response,
        topLogprobs === undefined ? {} : { topLogprobs },
      );
      expect(sequence.tokens[1]!.top.map((t) => t.token)).toEqual([" dog", " big"]);
      expect(sequence.tokens[1]!.logprob).toBe(-6.25);
      expect(sequence.tokens[0]!.top.map((t) => t.token)).toEqual([" a", " the"]);
    }
  });

  it("keeps a list of k+1 whose last entry is another token", () => {
    const other = {
      ...response,
      top_logprobs: [response.top_logprobs[0]!, { " dog": -0.5, " big": -1.5, " hat": -3 }],
    };
    expect(fromOpenAICompletionLogprobs(other).tokens[1]!.top).toHaveLength(3);
  });
});
