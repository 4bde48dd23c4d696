/**
 * A stream cut before its protocol said it finished (issue 15, finding 10) is an error and is
 * never cached; the full recording of the same stream is accepted and cached. Oracle: the
 * recorded vendor streams in __fixtures__ (each protocol's real last chunk), cut just before it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiCallError } from "../../core/errors.js";
import type { GenerateRequest } from "../../core/model.js";
import { type Recording, replayFetch } from "../__fixtures__/replay-fetch.js";
import { SqliteResponseCache } from "../cache/response-cache.js";
import { createProvider, type ProviderName } from "../create-provider.js";
import {
  type FinalPayloadTest,
  geminiFinished,
  llamaServerStopped,
  ollamaDone,
  openAIChoiceFinished,
  responsesFinished,
} from "./stream-finished.js";

const fixture = (name: string) => readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8");

interface Case {
  provider: ProviderName;
  file: string;
  format: "sse" | "ndjson";
  isFinal: FinalPayloadTest;
  request: GenerateRequest;
  api?: "responses";
}

const chat: GenerateRequest = { messages: [{ role: "user", content: "Hi" }], topLogprobs: 2 };
const cases: Case[] = [
  {
    provider: "openai-compatible",
    file: "openai-chat-stream.txt",
    format: "sse",
    isFinal: openAIChoiceFinished,
    request: chat,
  },
  {
    provider: "openai",
    file: "openai-responses-stream.txt",
    format: "sse",
    isFinal: responsesFinished,
    request: chat,
    api: "responses",
  },
  {
    provider: "llama-server",
    file: "llama-server-completion-stream.txt",
    format: "sse",
    isFinal: llamaServerStopped,
    request: { prompt: "Tell me", maxTokens: 3, topLogprobs: 2 },
  },
  {
    provider: "ollama",
    file: "ollama-chat-stream.ndjson",
    format: "ndjson",
    isFinal: ollamaDone,
    request: chat,
  },
  {
    provider: "gemini",
    file: "gemini-generate-stream.txt",
    format: "sse",
    isFinal: geminiFinished,
    request: { prompt: "Capital of France?", topLogprobs: 2 },
  },
];

/** The recording up to (not including) the first final payload or `[DONE]`. */
function cut(text: string, format: "sse" | "ndjson", isFinal: FinalPayloadTest): string {
  const separator = format === "sse" ? "\n\n" : "\n";
  const parts = text
    .replace(/\r\n/g, "\n")
    .split(separator)
    .filter((part) => part.trim() !== "");
  const payloadOf = (part: string) => {
    const data =
      format === "sse"
        ? part
            .split("\n")
            .find((line) => line.startsWith("data:"))
            ?.slice(5)
            .trim()
        : part;
    return data === undefined || data === "[DONE]" ? "[DONE]" : (JSON.parse(data) as unknown);
  };
  const end = parts.findIndex((part) => {
    const payload = payloadOf(part);
    return payload === "[DONE]" || isFinal(payload);
  });
  expect(end).toBeGreaterThan(0);
  return parts.slice(0, end).join(separator) + separator;
}

function recording(body: string, format: "sse" | "ndjson"): Recording {
  const type = format === "sse" ? "text/event-stream" : "application/x-ndjson";
  return { status: 200, headers: { "content-type": type }, body, chunkSize: 41 };
}

describe.each(cases)("$provider: a stream cut before its last chunk", (entry) => {
  it("is an ApiCallError, is not cached, and the next request asks the upstream again", async () => {
    const full = fixture(entry.file);
    const truncated = cut(full, entry.format, entry.isFinal);
    const cache = new SqliteResponseCache(":memory:");
    const replay = replayFetch([
      recording(truncated, entry.format),
      recording(full, entry.format),
      recording(full, entry.format),
    ]);
    const model = () =>
      createProvider({
        provider: entry.provider,
        model: entry.provider === "gemini" ? "models/gemini-2.0-flash" : "m",
        baseUrl: "http://127.0.0.1:9",
        fetch: replay.fetch,
        maxRetries: 0,
        cache,
        environment: { OPENAI_API_KEY: "k", GEMINI_API_KEY: "k" },
        ...(entry.api ? { api: entry.api } : {}),
      });
    const drain = async () => {
      const kinds: string[] = [];
      for await (const event of model().stream(entry.request)) kinds.push(event.type);
      return kinds;
    };
    const error = await drain().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as Error).message).toMatch(/stream ended before the server said it finished/);
    // Not cached: the same request goes to the upstream, which now sends the whole stream.
    expect((await drain()).at(-1)).toBe("done");
    expect(replay.requests).toHaveLength(2);
    // The finished stream is cached and replayed without a third upstream call.
    expect((await drain()).at(-1)).toBe("done");
    expect(replay.requests).toHaveLength(2);
    cache.close();
  });
});
