import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiCallError } from "../../core/errors.js";
import type { GenerateEvent } from "../../core/model.js";
import { parseWithSchema } from "../../wire/index.js";
import { jsonRecording, replayFetch, streamRecording } from "../__fixtures__/replay-fetch.js";
import { SqliteResponseCache } from "../cache/response-cache.js";
import { createProvider } from "../create-provider.js";
import { ProviderTransport } from "./provider-transport.js";

/** A transport to OpenAI's base URL through `fetch`, with `cache`. */
function cachedOpenAITransport(fetch: ReturnType<typeof replayFetch>["fetch"], cache: SqliteResponseCache) {
  const http = { fetch };
  return new ProviderTransport({
    provider: "openai",
    baseUrl: "https://api.openai.com/v1",
    model: "m",
    headers: {},
    http,
    cache,
  });
}

describe("ProviderTransport with a response cache", () => {
  it("answers a repeated request from the cache, with the same numbers, and never stores the key", async () => {
    const directory = mkdtempSync(join(tmpdir(), "logprobe-transport-"));
    const cache = new SqliteResponseCache(join(directory, "cache.sqlite"));
    const replay = replayFetch([jsonRecording("openai-chat.json")]);
    const options = {
      provider: "openai-compatible" as const,
      model: "m",
      baseUrl: "http://127.0.0.1:9/v1",
      apiKey: "sk-cache-secret-123456",
      fetch: replay.fetch,
      maxRetries: 0,
      cache,
    };
    const request = { messages: [{ role: "user" as const, content: "Hi" }], topLogprobs: 2 };
    const first = await createProvider(options).generate(request);
    const second = await createProvider(options).generate(request);
    expect(replay.requests).toHaveLength(1);
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
    expect(second).toEqual(first);
    // A different request misses.
    await expect(createProvider(options).generate({ ...request, topLogprobs: 3 })).rejects.toThrow(
      /no recording left/,
    );
    expect(cache.stats.misses).toBe(2);
    cache.close();
    const stored = readdirSync(directory)
      .map((name) => readFileSync(join(directory, name)).toString("latin1"))
      .join("");
    expect(stored).toContain("Hello");
    expect(stored).not.toContain("sk-cache-secret-123456");
    rmSync(directory, { recursive: true, force: true });
  });

  it("replays a completed stream from the cache with the same events", async () => {
    const cache = new SqliteResponseCache(":memory:");
    const replay = replayFetch([streamRecording("openai-chat-stream.txt")]);
    const options = {
      provider: "openai-compatible" as const,
      model: "m",
      baseUrl: "http://127.0.0.1:9/v1",
      fetch: replay.fetch,
      maxRetries: 0,
      cache,
    };
    const request = { messages: [{ role: "user" as const, content: "Hi" }], topLogprobs: 2 };
    const collect = async () => {
      const events: GenerateEvent[] = [];
      for await (const event of createProvider(options).stream(request)) events.push(event);
      return events;
    };
    const first = await collect();
    const second = await collect();
    expect(replay.requests).toHaveLength(1);
    expect(second).toEqual(first);
    expect(first.filter((event) => event.type === "token")).toHaveLength(3);
    cache.close();
  });

  it("does not cache a malformed answer: the next identical request asks the server again", async () => {
    const cache = new SqliteResponseCache(":memory:");
    const replay = replayFetch([
      { body: JSON.stringify({ object: "chat.completion", choices: [] }) },
      jsonRecording("openai-chat.json"),
    ]);
    const options = {
      provider: "openai-compatible" as const,
      model: "m",
      baseUrl: "http://127.0.0.1:9/v1",
      fetch: replay.fetch,
      maxRetries: 0,
      cache,
    };
    const request = { messages: [{ role: "user" as const, content: "Hi" }] };
    await expect(createProvider(options).generate(request)).rejects.toBeInstanceOf(ApiCallError);
    const result = await createProvider(options).generate(request);
    expect(replay.requests).toHaveLength(2);
    expect(result.text).toBe("Hello! How");
    cache.close();
  });

  it("does not cache failures", async () => {
    const cache = new SqliteResponseCache(":memory:");
    const replay = replayFetch([
      jsonRecording("openai-error-401.json", 401),
      jsonRecording("openai-chat.json"),
    ]);
    const transport = cachedOpenAITransport(replay.fetch, cache);
    await expect(transport.postJson("/chat/completions", { a: 1 })).rejects.toBeInstanceOf(ApiCallError);
    expect(await transport.postJson("/chat/completions", { a: 1 })).toMatchObject({
      object: "chat.completion",
    });
    expect(replay.requests).toHaveLength(2);
    cache.close();
  });

  it("turns an error event inside a stream into an ApiCallError", async () => {
    const replay = replayFetch([
      { body: 'data: {"error":{"message":"context length exceeded","type":"invalid_request_error"}}\n\n' },
    ]);
    const transport = new ProviderTransport({
      provider: "openai-compatible",
      baseUrl: "http://x/v1",
      model: "m",
      headers: {},
      http: { fetch: replay.fetch },
    });
    const read = async () => {
      for await (const _ of transport.postStream("/completions", {}, "sse", undefined, () => false)) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow(/context length exceeded/);
  });

  it("takes the response mapper: a response it rejects is an ApiCallError naming the URL and field, not cached", async () => {
    const cache = new SqliteResponseCache(":memory:");
    const replay = replayFetch([jsonRecording("openai-chat.json"), jsonRecording("openai-chat.json")]);
    const transport = cachedOpenAITransport(replay.fetch, cache);
    const wantsCompletion = (value: unknown) =>
      parseWithSchema(z.object({ object: z.literal("text_completion") }), value);
    const error = await transport
      .postJson("/chat/completions", { a: 1 }, undefined, wantsCompletion)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).message).toMatch(
      /^unexpected response from https:\/\/api\.openai\.com\/v1\/chat\/completions: object: /,
    );
    expect((error as ApiCallError).isRetryable).toBe(false);
    // Not cached: the same request with an accepting mapper asks the upstream again.
    expect(await transport.postJson("/chat/completions", { a: 1 })).toMatchObject({
      object: "chat.completion",
    });
    expect(replay.requests).toHaveLength(2);
    cache.close();
  });
});
