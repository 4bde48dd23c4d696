import { describe, expect, it } from "vitest";
import { fixtureText, loadFixture } from "./__fixtures__/load-fixture.js";
import { CompletionStreamAccumulator } from "./completion-stream-accumulator.js";
import {
  fromOpenAICompletionLogprobs,
  fromOpenAICompletionResponse,
  toOpenAICompletionLogprobs,
} from "./openai-completion.js";
import { parseSseData } from "./sse-events.js";

describe("CompletionStreamAccumulator", () => {
  it("accumulates the streamed chunks into the generated tokens of the non-streamed response", () => {
    const accumulator = new CompletionStreamAccumulator();
    for (const chunk of parseSseData(fixtureText("openai-completion-stream.txt"))) accumulator.push(chunk);
    // Oracle: the recorded echo response of the same completion; its last two tokens are generated.
    const expected = fromOpenAICompletionResponse(loadFixture("openai-completion.json"));
    const generated = expected.tokens.slice(3).map(({ prompt: _prompt, ...token }) => token);
    const sequence = accumulator.sequence();
    expect(sequence.tokens).toEqual(generated);
    expect(sequence.text).toBe(" blue.");
    expect(accumulator.finishReason).toBe("length");
  });

  it("round-trips every chunk's logprobs byte for byte", () => {
    const chunks = parseSseData(fixtureText("openai-completion-stream.txt")) as {
      choices: { logprobs: unknown }[];
    }[];
    expect(chunks).toHaveLength(2);
    for (const chunk of chunks) {
      const logprobs = chunk.choices[0]?.logprobs;
      const tokens = fromOpenAICompletionLogprobs(logprobs).tokens;
      expect(JSON.stringify(toOpenAICompletionLogprobs(tokens))).toBe(JSON.stringify(logprobs));
    }
  });

  it("emits per-chunk logprobs that a fresh accumulator reads back unchanged", () => {
    const source = new CompletionStreamAccumulator();
    for (const chunk of parseSseData(fixtureText("openai-completion-stream.txt"))) source.push(chunk);
    const tokens = source.sequence().tokens;
    const replay = new CompletionStreamAccumulator();
    for (const token of tokens) {
      replay.push({
        object: "text_completion",
        choices: [{ text: token.token, index: 0, logprobs: toOpenAICompletionLogprobs([token]) }],
      });
    }
    expect(replay.sequence().tokens.map((token) => token.logprob)).toEqual([-1.0123, -0.6402]);
  });
});
