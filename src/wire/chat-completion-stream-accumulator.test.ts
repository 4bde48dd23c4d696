import { describe, expect, it } from "vitest";
import { fixtureText, loadFixture } from "./__fixtures__/load-fixture.js";
import { ChatCompletionStreamAccumulator } from "./chat-completion-stream-accumulator.js";
import { fromOpenAIChatLogprobs, fromOpenAIChatResponse, toOpenAIChatLogprobs } from "./openai-chat.js";
import { parseSseData } from "./sse-events.js";

describe("ChatCompletionStreamAccumulator", () => {
  it("accumulates the streamed chunks into the same tokens as the non-streamed response", () => {
    const accumulator = new ChatCompletionStreamAccumulator();
    for (const chunk of parseSseData(fixtureText("openai-chat-stream.txt"))) accumulator.push(chunk);
    // Oracle: the recorded non-streamed response of the same completion.
    const expected = fromOpenAIChatResponse(loadFixture("openai-chat.json"));
    const sequence = accumulator.sequence();
    expect(sequence.tokens).toEqual(expected.tokens);
    expect(sequence.text).toBe("Hello! How");
    expect(sequence.provenance).toEqual(expected.provenance);
    expect(accumulator.chunkCount).toBe(5);
    expect(accumulator.finishReason).toBe("length");
  });

  it("returns from push() the text and tokens each chunk added, in the non-streamed response's order", () => {
    const accumulator = new ChatCompletionStreamAccumulator();
    const added = parseSseData(fixtureText("openai-chat-stream.txt")).map((chunk) => accumulator.push(chunk));
    // Oracle: the recorded non-streamed response of the same completion, one token per delta.
    const expected = fromOpenAIChatResponse(loadFixture("openai-chat.json"));
    expect(added.map((piece) => piece.text)).toEqual(["", "Hello", "!", " How", ""]);
    expect(added.map((piece) => piece.tokens.length)).toEqual([0, 1, 1, 1, 0]);
    expect(added.flatMap((piece) => piece.tokens)).toEqual(expected.tokens);
  });

  it("round-trips every chunk's logprobs byte for byte", () => {
    const chunks = parseSseData(fixtureText("openai-chat-stream.txt")) as {
      choices: { logprobs: unknown }[];
    }[];
    const withLogprobs = chunks.map((chunk) => chunk.choices[0]?.logprobs).filter((logprobs) => logprobs);
    expect(withLogprobs).toHaveLength(3);
    for (const logprobs of withLogprobs) {
      const tokens = fromOpenAIChatLogprobs(logprobs).tokens;
      expect(JSON.stringify(toOpenAIChatLogprobs(tokens))).toBe(JSON.stringify(logprobs));
    }
  });

  it("follows only the requested choice", () => {
    const accumulator = new ChatCompletionStreamAccumulator({ choice: 1 });
    const entry = (token: string) => ({ token, logprob: -1, bytes: [], top_logprobs: [] });
    accumulator.push({
      object: "chat.completion.chunk",
      choices: [
        { index: 0, delta: { content: "a" }, logprobs: { content: [entry("a")] } },
        { index: 1, delta: { content: "b" }, logprobs: { content: [entry("b")] } },
      ],
    });
    expect(accumulator.sequence().tokens.map((token) => token.token)).toEqual(["b"]);
  });

  it("names the chunk and field of bad data", () => {
    const accumulator = new ChatCompletionStreamAccumulator();
    accumulator.push({ object: "chat.completion.chunk", choices: [] });
    expect(() =>
      accumulator.push({
        object: "chat.completion.chunk",
        choices: [{ index: 0, logprobs: { content: [{ token: "x", logprob: "high", bytes: [] }] } }],
      }),
    ).toThrow(expect.objectContaining({ field: "chunks[1].choices[0].logprobs.content[0].logprob" }));
  });
});
