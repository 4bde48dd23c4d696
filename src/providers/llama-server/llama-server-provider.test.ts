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
import { ProviderTransport } from "../shared/provider-transport.js";
import { LlamaServerProvider } from "./llama-server-provider.js";

function llamaServer(recordings: Recording[]) {
  const replay = replayFetch(recordings);
  const { waits, sleep } = instantSleep();
  const transport = new ProviderTransport({
    provider: "llama-server",
    baseUrl: "http://127.0.0.1:8080",
    model: "stories260K",
    headers: {},
    http: { fetch: replay.fetch, sleep, maxRetries: 2 },
  });
  return { model: new LlamaServerProvider({ transport, model: "stories260K" }), replay, waits };
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

/** Oracle: the numbers written in llama-server-completion.json. */
const expectedTokens = [
  [" Once", -0.1053, 0],
  [" upon", -0.0101, 5],
  [" a", -0.002, 10],
];

describe("LlamaServerProvider", () => {
  it("posts n_probs with neutral sampling to /completion and maps completion_probabilities", async () => {
    const { model, replay } = llamaServer([jsonRecording("llama-server-completion.json")]);
    const result = await model.generate({ prompt: "Tell me", maxTokens: 3, topLogprobs: 2 });
    expect(replay.requests[0]?.url).toBe("http://127.0.0.1:8080/completion");
    expect(replay.requests[0]?.body).toEqual({
      prompt: "Tell me",
      n_predict: 3,
      n_probs: 2,
      post_sampling_probs: false,
      temperature: 0,
      top_k: 0,
      top_p: 1,
      min_p: 0,
      typical_p: 1,
      repeat_penalty: 1,
      cache_prompt: true,
      stream: false,
    });
    expect(result.text).toBe(" Once upon a");
    expect(result.sequence.tokens.map((token) => [token.token, token.logprob, token.textOffset])).toEqual(
      expectedTokens,
    );
    expect(result.sequence.tokens[0]?.id).toBe(9038);
    expect(
      result.sequence.tokens[1]?.top.map((alternative) => [
        alternative.token,
        alternative.logprob,
        alternative.id,
      ]),
    ).toEqual([
      [" upon", -0.0101, 2501],
      [" there", -4.7105, 727],
    ]);
    expect(result.finishReason).toBe("length");
    expect(result.usage).toEqual({ promptTokens: 4, completionTokens: 3 });
  });

  it("asks for post-sampling probabilities in processed mode and converts them with ln", async () => {
    const { model, replay } = llamaServer([jsonRecording("llama-server-completion-post-sampling.json")]);
    const result = await model.generate({ prompt: "Tell me", topLogprobs: 2, logprobsMode: "processed" });
    expect(replay.requests[0]?.body).toMatchObject({ post_sampling_probs: true });
    expect(result.sequence.provenance.distribution).toBe("processed");
    // Oracle: the fixture's probabilities are exp(logprob) rounded to 6 decimals; ln brings them back within 1e-5.
    for (const [index, [, logprob]] of expectedTokens.entries()) {
      expect(result.sequence.tokens[index]?.logprob).toBeCloseTo(logprob as number, 5);
    }
  });

  it("keeps no alternatives when none were asked (n_probs is sent as 1)", async () => {
    const { model, replay } = llamaServer([jsonRecording("llama-server-completion.json")]);
    const result = await model.generate({ prompt: "Tell me" });
    expect(replay.requests[0]?.body).toMatchObject({ n_probs: 1, n_predict: -1 });
    expect(result.sequence.tokens.every((token) => token.top.length === 0)).toBe(true);
    expect(result.sequence.tokens.map((token) => token.logprob)).toEqual(expectedTokens.map((row) => row[1]));
  });

  it("formats messages with /apply-template first", async () => {
    const { model, replay } = llamaServer([
      jsonRecording("llama-server-apply-template.json"),
      jsonRecording("llama-server-completion.json"),
    ]);
    await model.generate({ messages: [{ role: "user", content: "Hi" }] });
    expect(replay.requests.map((request) => request.url)).toEqual([
      "http://127.0.0.1:8080/apply-template",
      "http://127.0.0.1:8080/completion",
    ]);
    expect(replay.requests[1]?.body).toMatchObject({ prompt: "<|user|>\nHi<|end|>\n<|assistant|>\n" });
  });

  it("streams SSE chunks token by token with the whole response's numbers", async () => {
    const { model } = llamaServer([
      streamRecording("llama-server-completion-stream.txt", "text/event-stream", 11),
    ]);
    const { tokens, done } = await collect(model.stream({ prompt: "Tell me", maxTokens: 3, topLogprobs: 2 }));
    expect(tokens.map((event) => [event.token.token, event.token.logprob, event.token.textOffset])).toEqual(
      expectedTokens,
    );
    expect(done.text).toBe(" Once upon a");
    expect(done.finishReason).toBe("length");
    expect(done.usage).toEqual({ promptTokens: 4, completionTokens: 3 });
  });

  it("tokenizes through /tokenize and cannot score", async () => {
    const { model } = llamaServer([jsonRecording("llama-server-tokenize.json")]);
    expect(await model.tokenize(" Once upon a")).toEqual([9038, 2501, 263]);
    await expect(model.score({ text: "x" })).rejects.toBeInstanceOf(UnsupportedError);
  });

  it("warns that echo is unsupported instead of failing", async () => {
    const { model } = llamaServer([jsonRecording("llama-server-completion.json")]);
    const result = await model.generate({ prompt: "Tell me", echo: true });
    expect(result.warnings).toEqual([expect.objectContaining({ code: "unsupported-option", field: "echo" })]);
    expect(result.prompt).toBeUndefined();
  });

  it("retries a 429 honouring Retry-After", async () => {
    const { model, waits } = llamaServer([
      {
        status: 429,
        headers: { "retry-after": "3" },
        body: '{"error":{"code":429,"message":"busy","type":"unavailable_error"}}',
      },
      jsonRecording("llama-server-completion.json"),
    ]);
    const result = await model.generate({ prompt: "Tell me", topLogprobs: 2 });
    expect(waits).toEqual([3000]);
    expect(result.text).toBe(" Once upon a");
  });

  it("retries while the model loads (503), then reports the error", async () => {
    const { model, replay, waits } = llamaServer([
      jsonRecording("llama-server-error-503.json", 503),
      jsonRecording("llama-server-error-503.json", 503),
      jsonRecording("llama-server-error-503.json", 503),
    ]);
    const error = (await model.generate({ prompt: "x" }).catch((caught: unknown) => caught)) as ApiCallError;
    expect(replay.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.message).toContain("Loading model");
  });

  it("names a malformed stream chunk by its index among the chunks, not by the tokens seen", async () => {
    // Chunk 0 carries no probabilities (no tokens yet), chunk 1 has no `content`.
    const body = [
      'data: {"index":0,"content":"","stop":false}',
      'data: {"index":0,"stop":false,"completion_probabilities":[]}',
      'data: {"index":0,"content":"","stop":true,"stop_type":"limit"}',
    ].join("\n\n");
    const { model } = llamaServer([
      { body: `${body}\n\n`, headers: { "content-type": "text/event-stream" } },
    ]);
    const error = await collect(model.stream({ prompt: "x", topLogprobs: 1 })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).message).toContain(
      "unexpected response from http://127.0.0.1:8080/completion: chunks[1].content:",
    );
  });
});
