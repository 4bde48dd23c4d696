import { describe, expect, it } from "vitest";
import { ApiCallError, UnsupportedError } from "../../core/errors.js";
import type { GenerateEvent, GenerateResult } from "../../core/model.js";
import {
  instantSleep,
  jsonRecording,
  type Recording,
  replayFetch,
  streamRecording,
} from "../__fixtures__/replay-fetch.js";
import { createProvider } from "../create-provider.js";
import { ProviderTransport } from "../shared/provider-transport.js";
import { OllamaProvider } from "./ollama-provider.js";

function ollama(recordings: Recording[]) {
  const replay = replayFetch(recordings);
  const { waits, sleep } = instantSleep();
  const transport = new ProviderTransport({
    provider: "ollama",
    baseUrl: "http://127.0.0.1:11434",
    model: "llama3.2:1b",
    headers: {},
    http: { fetch: replay.fetch, sleep },
  });
  return { model: new OllamaProvider({ transport, model: "llama3.2:1b" }), replay, waits };
}

async function collect(events: AsyncIterable<GenerateEvent>) {
  const tokens: Extract<GenerateEvent, { type: "token" }>[] = [];
  let done: GenerateResult | undefined;
  for await (const event of events) {
    if (event.type === "token") tokens.push(event);
    else done = event.result;
  }
  if (!done) throw new Error("no done event");
  return { tokens, done };
}

/** Oracle: the numbers written in ollama-generate.json / ollama-chat-stream.ndjson. */
const expected = [
  ["The", -0.2231, 0],
  [" cat", -1.204, 3],
  [" sat", -0.6812, 7],
];

describe("OllamaProvider", () => {
  it("posts a raw prompt to /api/generate with logprobs and neutral options", async () => {
    const { model, replay } = ollama([jsonRecording("ollama-generate.json")]);
    const result = await model.generate({
      prompt: "Once",
      maxTokens: 3,
      topLogprobs: 2,
      sampling: { seed: 1 },
    });
    expect(replay.requests[0]?.url).toBe("http://127.0.0.1:11434/api/generate");
    expect(replay.requests[0]?.body).toEqual({
      model: "llama3.2:1b",
      stream: false,
      logprobs: true,
      top_logprobs: 2,
      options: {
        temperature: 0,
        top_k: 0,
        top_p: 1,
        min_p: 0,
        typical_p: 1,
        repeat_penalty: 1,
        num_predict: 3,
        seed: 1,
      },
      prompt: "Once",
      raw: true,
    });
    expect(result.text).toBe("The cat sat");
    expect(result.sequence.tokens.map((token) => [token.token, token.logprob, token.textOffset])).toEqual(
      expected,
    );
    expect(result.sequence.tokens[1]?.top.map((alternative) => alternative.token)).toEqual([" cat", " dog"]);
    expect(result.finishReason).toBe("length");
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 3 });
  });

  it("streams /api/chat NDJSON lines, accumulating logprobs across chunks", async () => {
    const { model, replay } = ollama([
      streamRecording("ollama-chat-stream.ndjson", "application/x-ndjson", 13),
    ]);
    const { tokens, done } = await collect(
      model.stream({ messages: [{ role: "user", content: "Hi" }], topLogprobs: 2 }),
    );
    expect(replay.requests[0]?.url).toBe("http://127.0.0.1:11434/api/chat");
    expect(replay.requests[0]?.body).toMatchObject({
      stream: true,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(tokens.map((event) => [event.token.token, event.token.logprob, event.token.textOffset])).toEqual(
      expected,
    );
    expect(done.text).toBe("The cat sat");
    expect(done.finishReason).toBe("stop");
    expect(done.usage).toEqual({ promptTokens: 12, completionTokens: 3 });
  });

  it("reports a missing model (404) as a non-retryable ApiCallError", async () => {
    const { model, replay } = ollama([jsonRecording("ollama-error-404.json", 404)]);
    const error = (await model.generate({ prompt: "x" }).catch((caught: unknown) => caught)) as ApiCallError;
    expect(replay.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.status).toBe(404);
    expect(error.message).toContain("model 'nope' not found");
  });

  it("retries a 429 honouring Retry-After", async () => {
    const { model, waits } = ollama([
      { status: 429, headers: { "retry-after": "1" }, body: '{"error":"too many requests"}' },
      jsonRecording("ollama-generate.json"),
    ]);
    const result = await model.generate({ prompt: "x" });
    expect(waits).toEqual([1000]);
    expect(result.text).toBe("The cat sat");
  });

  it("cannot score; createProvider defaults to localhost:11434", async () => {
    const { model } = ollama([]);
    await expect(model.score({ text: "x" })).rejects.toBeInstanceOf(UnsupportedError);
    const replay = replayFetch([jsonRecording("ollama-generate.json")]);
    await createProvider({ provider: "ollama", model: "llama3.2:1b", fetch: replay.fetch }).generate({
      prompt: "x",
    });
    expect(replay.requests[0]?.url).toBe("http://127.0.0.1:11434/api/generate");
  });
});
