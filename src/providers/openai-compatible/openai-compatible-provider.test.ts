import { describe, expect, it } from "vitest";
import { ApiCallError, InvalidInputError, UnsupportedError } from "../../core/errors.js";
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
import type { ScoreMethod } from "./convert-to-completion-request.js";
import { OpenAICompatibleProvider } from "./openai-compatible-provider.js";

function compatible(recordings: Recording[], scoreMethod?: ScoreMethod) {
  const replay = replayFetch(recordings);
  const { waits, sleep } = instantSleep();
  const transport = new ProviderTransport({
    provider: "openai-compatible",
    baseUrl: "http://127.0.0.1:8000/v1/",
    model: "meta-llama/Llama-3.2-1B",
    headers: {},
    http: { fetch: replay.fetch, sleep, maxRetries: 1, backoff: { initialDelayMs: 100, random: () => 0 } },
  });
  const model = new OpenAICompatibleProvider({
    transport,
    model: "meta-llama/Llama-3.2-1B",
    ...(scoreMethod ? { scoreMethod } : {}),
  });
  return { model, replay, waits };
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

describe("OpenAICompatibleProvider", () => {
  it("sends max_tokens and the extended sampling fields vLLM and llama.cpp accept", async () => {
    const { model, replay } = compatible([jsonRecording("openai-chat.json")]);
    const result = await model.generate({
      messages: [{ role: "user", content: "Hi" }],
      maxTokens: 3,
      topLogprobs: 2,
      sampling: { temperature: 0.7, topK: 40, minP: 0.05, repeatPenalty: 1.1, seed: 7 },
      stop: ["\n"],
    });
    expect(replay.requests[0]?.url).toBe("http://127.0.0.1:8000/v1/chat/completions");
    expect(replay.requests[0]?.headers).not.toHaveProperty("authorization");
    expect(replay.requests[0]?.body).toEqual({
      model: "meta-llama/Llama-3.2-1B",
      messages: [{ role: "user", content: "Hi" }],
      logprobs: true,
      top_logprobs: 2,
      max_tokens: 3,
      temperature: 0.7,
      seed: 7,
      top_k: 40,
      min_p: 0.05,
      repetition_penalty: 1.1,
      stop: ["\n"],
    });
    expect(result.warnings).toEqual([]);
    expect(result.sequence.provenance.source).toBe("openai-compatible");
    expect(result.sequence.provenance.sampling).toEqual({
      temperature: 0.7,
      topK: 40,
      minP: 0.05,
      repeatPenalty: 1.1,
      seed: 7,
    });
  });

  it("streams legacy completions, re-basing vLLM's text offsets onto the generated text", async () => {
    const { model, replay } = compatible([
      streamRecording("vllm-completion-stream.txt", "text/event-stream", 5),
    ]);
    const { tokens, done } = await collect(
      model.stream({ prompt: "The capital of France is", topLogprobs: 2, maxTokens: 3 }),
    );
    expect(replay.requests[0]?.url).toBe("http://127.0.0.1:8000/v1/completions");
    expect(replay.requests[0]?.body).toMatchObject({
      prompt: "The capital of France is",
      logprobs: 2,
      max_tokens: 3,
      stream: true,
    });
    expect(
      tokens.map((event) => [event.index, event.token.token, event.token.logprob, event.token.textOffset]),
    ).toEqual([
      [0, " Paris", -0.4055, 0],
      [1, ".", -0.9163, 6],
      [2, " It", -1.6094, 7],
    ]);
    expect(done.text).toBe(" Paris. It");
    expect(done.sequence.tokens.map((token) => token.textOffset)).toEqual([0, 6, 7]);
    expect(
      done.sequence.tokens[2]?.top.map((alternative) => [alternative.token, alternative.logprob]),
    ).toEqual([
      [" It", -1.6094],
      [" The", -1.7148],
    ]);
    expect(done.finishReason).toBe("length");
    expect(done.usage).toEqual({ promptTokens: 7, completionTokens: 3 });
  });

  it("scores with vLLM prompt_logprobs: the prompt token is found by id (oracle: fixture numbers)", async () => {
    const { model, replay } = compatible(
      [jsonRecording("vllm-score-prompt-logprobs.json")],
      "prompt_logprobs",
    );
    const result = await model.score({ text: "The capital of France", topLogprobs: 1 });
    expect(replay.requests[0]?.body).toEqual({
      model: "meta-llama/Llama-3.2-1B",
      prompt: "The capital of France",
      max_tokens: 1,
      prompt_logprobs: 1,
      return_token_ids: true,
      temperature: 0,
    });
    // Position 0 is BOS (id 128000), dropped; "The" is BOS-conditioned.
    expect(result.bosConditioned).toBe(true);
    expect(result.sequence.tokens.map((token) => [token.token, token.id, token.logprob, token.rank])).toEqual(
      [
        ["The", 791, -7.9423, 13],
        [" capital", 6864, -5.5093, 24],
        [" of", 315, -0.0618, 1],
        [" France", 9822, -1.8971, 2],
      ],
    );
    expect(result.sequence.tokens[0]?.top.map((alternative) => alternative.token)).toEqual(["I"]);
    expect(result.sequence.tokens[2]?.top.map((alternative) => alternative.token)).toEqual([" of"]);
    // Hand computation: sum = -15.4105 nats over 4 tokens; "The capital of France" is 21 UTF-8 bytes.
    expect(result.perplexity).toBeCloseTo(Math.exp(15.4105 / 4), 9);
    expect(result.bitsPerByte).toBeCloseTo(15.4105 / (Math.LN2 * 21), 10);
    expect(result.sequence.tokens.map((token) => token.textOffset)).toEqual([0, 3, 11, 14]);
  });

  it("reads llama.cpp's /v1/completions dialect (chat-style logprobs), whole and streamed", async () => {
    const { model } = compatible([
      jsonRecording("llama-server-v1-completions.json"),
      streamRecording("llama-server-v1-completions-stream.txt", "text/event-stream", 9),
    ]);
    const request = { prompt: "Once upon a time there was", maxTokens: 2, topLogprobs: 2 };
    const whole = await model.generate(request);
    // Oracle: the numbers of llama-server-v1-completions.json (recorded from llama-server).
    const expected = [
      [" a", -0.1625, 0],
      [" girl", -1.2493, 2],
    ];
    expect(whole.text).toBe(" a girl");
    expect(whole.sequence.tokens.map((token) => [token.token, token.logprob, token.textOffset])).toEqual(
      expected,
    );
    expect(
      whole.sequence.tokens[1]?.top.map((alternative) => [alternative.token, alternative.logprob]),
    ).toEqual([
      [" little", -0.6919],
      [" girl", -1.2493],
    ]);
    expect(whole.usage).toEqual({ promptTokens: 6, completionTokens: 2 });
    const { tokens, done } = await collect(model.stream(request));
    expect(tokens.map((event) => [event.token.token, event.token.logprob, event.token.textOffset])).toEqual(
      expected,
    );
    expect(done.text).toBe(" a girl");
    expect(done.finishReason).toBe("length");
    expect(done.usage).toEqual({ promptTokens: 6, completionTokens: 2 });
  });

  it("refuses to score on a server whose echo carries no prompt logprobs (llama.cpp /v1)", async () => {
    const { model } = compatible([jsonRecording("llama-server-v1-completions.json")]);
    await expect(model.score({ text: "Once upon a time there was" })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });

  it("turns a malformed response into an ApiCallError naming the JSON path", async () => {
    const { model } = compatible([{ body: JSON.stringify({ object: "chat.completion", choices: [] }) }]);
    const error = (await model
      .generate({ messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught)) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.message).toContain("choices");
    expect(error.isRetryable).toBe(false);
  });

  it("retries a 429 after retry-after-ms, then streams", async () => {
    const { model, waits } = compatible([
      jsonRecording("openai-error-429.json", 429, { "retry-after-ms": "120" }),
      streamRecording("openai-chat-stream.txt"),
    ]);
    const { done } = await collect(
      model.stream({ messages: [{ role: "user", content: "Hi" }], topLogprobs: 2 }),
    );
    expect(waits).toEqual([120]);
    expect(done.text).toBe("Hello! How");
  });

  it("retries 503 with backoff and gives up with the last status", async () => {
    const { model, replay, waits } = compatible([
      jsonRecording("llama-server-error-503.json", 503),
      jsonRecording("llama-server-error-503.json", 503),
    ]);
    const error = (await model.generate({ prompt: "x" }).catch((caught: unknown) => caught)) as ApiCallError;
    expect(replay.requests).toHaveLength(2);
    // Oracle: initial 100 ms x 2^0 x (0.5 + 0.5 x 0) = 50 ms.
    expect(waits).toEqual([50]);
    expect(error.status).toBe(503);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain("Loading model");
  });
});

describe("createProvider('openai-compatible')", () => {
  it("needs a base URL and never reads OPENAI_API_KEY", () => {
    expect(() => createProvider({ provider: "openai-compatible", model: "m" })).toThrow(InvalidInputError);
    expect(() => createProvider({ provider: "openai-compatible", model: "m", baseUrl: "ftp://x" })).toThrow(
      /http/,
    );
    const replay = replayFetch([jsonRecording("openai-chat.json")]);
    const model = createProvider({
      provider: "openai-compatible",
      model: "m",
      baseUrl: "http://127.0.0.1:9/v1",
      fetch: replay.fetch,
      environment: { OPENAI_API_KEY: "sk-secret-do-not-send" },
    });
    return model.generate({ messages: [{ role: "user", content: "x" }] }).then(() => {
      expect(replay.requests[0]?.headers).not.toHaveProperty("authorization");
    });
  });

  it("rejects an unknown provider naming the allowed ones", () => {
    let error: unknown;
    try {
      createProvider({ provider: "nope" as "openai", model: "m" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("provider");
    expect((error as InvalidInputError).allowed).toBe(
      "openai, openai-compatible, llama-server, ollama, gemini",
    );
  });
});
