import { describe, expect, it } from "vitest";
import { ApiCallError, InvalidInputError, UnsupportedError } from "../../core/errors.js";
import type { GenerateEvent, GenerateResult } from "../../core/model.js";
import {
  fixtureJson,
  instantSleep,
  jsonRecording,
  type Recording,
  replayFetch,
  streamRecording,
} from "../__fixtures__/replay-fetch.js";
import { createProvider } from "../create-provider.js";
import { ProviderTransport } from "../shared/provider-transport.js";
import { type OpenAIApi, OpenAIProvider } from "./openai-provider.js";

const KEY = "sk-test-REPLAYKEY0123456789";

function openai(recordings: Recording[], model = "gpt-4o-mini", api?: OpenAIApi) {
  const replay = replayFetch(recordings);
  const { waits, sleep } = instantSleep();
  const transport = new ProviderTransport({
    provider: "openai",
    baseUrl: "https://api.openai.com/v1",
    model,
    headers: { authorization: `Bearer ${KEY}` },
    http: { fetch: replay.fetch, sleep, secrets: [KEY], backoff: { random: () => 1 } },
  });
  return { model: new OpenAIProvider({ transport, model, ...(api ? { api } : {}) }), replay, waits };
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

/** The chat fixture's own numbers: the oracle for everything the mapping must carry over unchanged. */
const chatEntries = (
  fixtureJson("openai-chat.json") as {
    choices: {
      logprobs: {
        content: { token: string; logprob: number; top_logprobs: { token: string; logprob: number }[] }[];
      };
    }[];
  }
).choices[0]!.logprobs.content;

describe("OpenAIProvider: chat completions", () => {
  it("sends logprobs/top_logprobs, greedy by default, and maps the response", async () => {
    const { model, replay } = openai([jsonRecording("openai-chat.json")]);
    const result = await model.generate({
      messages: [{ role: "user", content: "Hi" }],
      maxTokens: 3,
      topLogprobs: 2,
    });
    const request = replay.requests[0]!;
    expect(request.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
      logprobs: true,
      top_logprobs: 2,
      max_completion_tokens: 3,
      temperature: 0,
    });
    expect(result.text).toBe("Hello! How");
    expect(result.sequence.tokens.map((token) => token.token)).toEqual(
      chatEntries.map((entry) => entry.token),
    );
    expect(result.sequence.tokens.map((token) => token.logprob)).toEqual(
      chatEntries.map((entry) => entry.logprob),
    );
    expect(result.sequence.tokens[1]?.top).toEqual([
      { token: "!", logprob: -0.02380986, bytes: [33] },
      { token: " there", logprob: -3.787621, bytes: [32, 116, 104, 101, 114, 101] },
    ]);
    expect(result.sequence.tokens.map((token) => token.textOffset)).toEqual([0, 5, 6]);
    expect(result.sequence.provenance).toEqual({
      source: "openai",
      model: "gpt-4o-mini-2024-07-18",
      distribution: "top-k",
      sampling: { temperature: 0 },
    });
    expect(result.finishReason).toBe("length");
    expect(result.usage).toEqual({ promptTokens: 9, completionTokens: 3 });
    expect(result.warnings).toEqual([]);
  });

  it("streams token by token with the same numbers as the whole response (oracle: openai-chat.json)", async () => {
    const { model, replay } = openai([streamRecording("openai-chat-stream.txt")]);
    const { tokens, done } = await collect(
      model.stream({ messages: [{ role: "user", content: "Hi" }], topLogprobs: 2 }),
    );
    expect(replay.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(tokens.map((event) => event.index)).toEqual([0, 1, 2]);
    expect(tokens.map((event) => [event.token.token, event.token.logprob, event.token.textOffset])).toEqual([
      ["Hello", -0.31725305, 0],
      ["!", -0.02380986, 5],
      [" How", -0.7514, 6],
    ]);
    expect(done.text).toBe("Hello! How");
    expect(done.sequence.tokens.map((token) => token.logprob)).toEqual(
      chatEntries.map((entry) => entry.logprob),
    );
    expect(done.sequence.tokens[0]?.top.map((alternative) => alternative.logprob)).toEqual([
      -0.31725305, -1.3190403,
    ]);
    expect(done.finishReason).toBe("length");
    expect(done.usage).toEqual({ promptTokens: 9, completionTokens: 3 });
  });

  it("retries a 429 after the Retry-After it names, then succeeds", async () => {
    const { model, replay, waits } = openai([
      jsonRecording("openai-error-429.json", 429, { "retry-after": "2" }),
      jsonRecording("openai-chat.json"),
    ]);
    const result = await model.generate({ messages: [{ role: "user", content: "Hi" }] });
    expect(replay.requests).toHaveLength(2);
    expect(waits).toEqual([2000]);
    expect(result.text).toBe("Hello! How");
  });

  it("reports a 401 as a non-retryable ApiCallError without the key", async () => {
    const { model, replay } = openai([jsonRecording("openai-error-401.json", 401)]);
    const error = (await model.generate({ prompt: "x" }).catch((caught: unknown) => caught)) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(replay.requests).toHaveLength(1);
    expect(error.status).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(`${error.message}${error.bodyExcerpt}`).not.toContain(KEY);
    expect(error.message).toContain("Incorrect API key provided");
  });

  it("returns warnings, not errors, for options OpenAI lacks", async () => {
    const { model, replay } = openai([jsonRecording("openai-chat.json")]);
    const result = await model.generate({
      prompt: "Hi",
      topLogprobs: 50,
      echo: true,
      logprobsMode: "processed",
      sampling: { topK: 5, minP: 0.1, topP: 1 },
    });
    expect(result.warnings.map((warning) => warning.field).sort()).toEqual(
      ["echo", "logprobsMode", "prompt", "sampling.minP", "sampling.topK", "topLogprobs"].sort(),
    );
    expect(replay.requests[0]?.body).toMatchObject({
      top_logprobs: 20,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(replay.requests[0]?.body).not.toHaveProperty("top_k");
  });

  it("refuses to score on a chat model", async () => {
    const { model } = openai([]);
    expect(model.capabilities.promptLogprobs).toBe(false);
    await expect(model.score({ text: "abc" })).rejects.toBeInstanceOf(UnsupportedError);
  });

  it("rejects a bad option before any request, naming the field", async () => {
    const { model, replay } = openai([]);
    const error = (await model
      .generate({ prompt: "x", topLogprobs: -1 })
      .catch((caught: unknown) => caught)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.field).toBe("topLogprobs");
    expect(replay.requests).toHaveLength(0);
  });
});

describe("OpenAIProvider: legacy completions", () => {
  it("uses /completions for davinci-002 and splits echoed prompt tokens off", async () => {
    const { model, replay } = openai([jsonRecording("openai-completion-echo.json")], "davinci-002");
    const result = await model.generate({ prompt: "The sky", maxTokens: 3, topLogprobs: 2, echo: true });
    expect(replay.requests[0]?.url).toBe("https://api.openai.com/v1/completions");
    expect(replay.requests[0]?.body).toEqual({
      model: "davinci-002",
      prompt: "The sky",
      logprobs: 2,
      max_tokens: 3,
      temperature: 0,
      echo: true,
    });
    expect(result.prompt?.tokens.map((token) => [token.token, token.logprob, token.prompt])).toEqual([
      ["The", null, true],
      [" sky", -6.2041, true],
    ]);
    expect(result.text).toBe(" is blue.");
    expect(result.sequence.tokens.map((token) => [token.token, token.logprob, token.textOffset])).toEqual([
      [" is", -0.4153, 0],
      [" blue", -1.0123, 3],
      [".", -0.6402, 8],
    ]);
    expect(result.sequence.tokens[1]?.top.map((alternative) => alternative.token)).toEqual([
      " blue",
      " clear",
    ]);
    expect(result.usage).toEqual({ promptTokens: 2, completionTokens: 3 });
  });

  it("scores a text with echo and max_tokens 1 (the generated token split off); perplexity and bits per byte by hand", async () => {
    const { model, replay } = openai([jsonRecording("openai-score-echo.json")], "davinci-002");
    expect(model.capabilities.promptLogprobs).toBe(true);
    const result = await model.score({ text: "The sky is blue", topLogprobs: 1 });
    expect(replay.requests[0]?.body).toMatchObject({
      prompt: "The sky is blue",
      max_tokens: 1,
      echo: true,
      logprobs: 1,
    });
    expect(result.bosConditioned).toBe(false);
    expect(result.sequence.tokens.map((token) => token.logprob)).toEqual([null, -6.2041, -0.4153, -1.0123]);
    // Hand computation: the three known logprobs sum to -7.6317 nats over " sky is blue" (12 UTF-8 bytes).
    expect(result.perplexity).toBeCloseTo(Math.exp(7.6317 / 3), 10);
    expect(result.bitsPerByte).toBeCloseTo(7.6317 / (Math.LN2 * 12), 10);
    expect(result.usage).toEqual({ promptTokens: 4, completionTokens: 0 });
  });
});

describe("OpenAIProvider: Responses API", () => {
  it("sends include: message.output_text.logprobs and maps the output text", async () => {
    const { model, replay } = openai([jsonRecording("openai-responses.json")], "gpt-4.1-mini", "responses");
    const result = await model.generate({
      messages: [{ role: "user", content: "Is it?" }],
      topLogprobs: 2,
      maxTokens: 20,
    });
    expect(replay.requests[0]?.url).toBe("https://api.openai.com/v1/responses");
    expect(replay.requests[0]?.body).toEqual({
      model: "gpt-4.1-mini",
      input: [{ role: "user", content: "Is it?" }],
      include: ["message.output_text.logprobs"],
      top_logprobs: 2,
      temperature: 0,
      store: false,
      max_output_tokens: 20,
    });
    expect(result.text).toBe("Yes.");
    expect(result.sequence.tokens.map((token) => [token.token, token.logprob])).toEqual([
      ["Yes", -0.0421],
      [".", -0.3005],
    ]);
    expect(result.usage).toEqual({ promptTokens: 14, completionTokens: 2 });
    expect(result.model).toBe("gpt-4.1-mini-2025-04-14");
    expect(result.warnings).toEqual([]);
  });

  it("raises max_output_tokens to the API's minimum of 16, with a warning", async () => {
    const { model, replay } = openai([jsonRecording("openai-responses.json")], "gpt-4.1-mini", "responses");
    const result = await model.generate({ messages: [{ role: "user", content: "Is it?" }], maxTokens: 5 });
    expect(replay.requests[0]?.body).toMatchObject({ max_output_tokens: 16 });
    expect(result.warnings).toEqual([
      expect.objectContaining({ field: "maxTokens", code: "unsupported-option" }),
    ]);
  });

  it("streams Responses deltas and reads usage from response.completed", async () => {
    const { model } = openai([streamRecording("openai-responses-stream.txt")], "gpt-4.1-mini", "responses");
    const { tokens, done } = await collect(
      model.stream({ messages: [{ role: "user", content: "Is it?" }], topLogprobs: 2 }),
    );
    expect(tokens.map((event) => [event.token.token, event.token.logprob, event.token.textOffset])).toEqual([
      ["Yes", -0.0421, 0],
      [".", -0.3005, 3],
    ]);
    expect(done.text).toBe("Yes.");
    expect(done.usage).toEqual({ promptTokens: 14, completionTokens: 2 });
    expect(done.finishReason).toBe("stop");
  });
});

describe("createProvider('openai')", () => {
  it("reads OPENAI_API_KEY and sends it as a bearer token", async () => {
    const replay = replayFetch([jsonRecording("openai-chat.json")]);
    const model = createProvider({
      provider: "openai",
      model: "gpt-4o-mini",
      fetch: replay.fetch,
      environment: { OPENAI_API_KEY: KEY },
    });
    await model.generate({ messages: [{ role: "user", content: "Hi" }] });
    expect(replay.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("fails without a key, naming the variable", () => {
    expect(() => createProvider({ provider: "openai", model: "gpt-4o-mini", environment: {} })).toThrow(
      /OPENAI_API_KEY/,
    );
  });
});
