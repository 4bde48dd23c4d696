/**
 * Unknown API paths and bad requests get JSON in the dialect's own error shape, never the web UI's
 * index.html: Ollama `{"error": "..."}`, llama.cpp `{"error": {code, message, type}}` (code = the
 * status), SGLang `{"error": {message}}`, OpenAI and vLLM OpenAI's shape. A dialect switched off
 * answers 404 in its shape. Pages that are not API paths still get the web app.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/server/index.js";
import { createEchoFakeModel } from "../echo-fake-model.js";
import { postJson } from "../request.js";

const webRoot = mkdtempSync(join(tmpdir(), "logprobe-web-"));
writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>logprobe</title>");

const options = { models: createEchoFakeModel(), log: () => {}, maxTokensLimit: 100, webRoot };
const everyDialect = createApp(options);
const openaiOnly = createApp({ ...options, dialects: ["openai"] });

async function json(response: Response, status: number): Promise<unknown> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return response.json();
}

describe("unknown and switched-off API paths", () => {
  it("GET /api/tags with Ollama switched off is Ollama's JSON 404, not index.html", async () => {
    const body = await json(await openaiOnly.request("/api/tags"), 404);
    expect(body).toEqual({ error: expect.stringContaining("/api/tags") });
  });

  it("an unknown /api path is Ollama's 404 even with Ollama on", async () => {
    expect(await json(await everyDialect.request("/api/nothing-here"), 404)).toEqual({
      error: expect.any(String),
    });
  });

  it("llama.cpp paths answer llama.cpp's shape, with the status as code", async () => {
    const body = await json(await postJson(openaiOnly, "/completion", { prompt: "x" }), 404);
    expect(body).toEqual({ error: { code: 404, message: expect.any(String), type: "not_found_error" } });
    expect(await json(await openaiOnly.request("/props"), 404)).toMatchObject({ error: { code: 404 } });
  });

  it("SGLang and vLLM paths switched off answer their shapes", async () => {
    expect(await json(await postJson(openaiOnly, "/generate", { text: "x" }), 404)).toEqual({
      error: { message: expect.any(String) },
    });
    expect(await json(await openaiOnly.request("/tokenizer_info"), 404)).toMatchObject({
      error: { type: "invalid_request_error", code: "unknown_url" },
    });
  });

  it("unknown /v1 paths keep OpenAI's shape", async () => {
    expect(await json(await everyDialect.request("/v1/nope"), 404)).toMatchObject({
      error: { code: "unknown_url", param: null },
    });
  });

  it("a page of the web app still gets index.html", async () => {
    const response = await everyDialect.request("/some/page");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>logprobe</title>");
  });
});

describe("bad requests in each dialect's shape", () => {
  it("Ollama: a 400 with a message naming the field", async () => {
    const response = await postJson(everyDialect, "/api/generate", {
      model: "fake-bigram",
      top_logprobs: 21,
    });
    const body = (await json(response, 400)) as { error: string };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error).toMatch(/top_logprobs.*0 to 20/);
  });

  it("Ollama: malformed JSON, and num_predict over the server's limit", async () => {
    const malformed = await postJson(everyDialect, "/api/chat", "{nope");
    expect(await json(malformed, 400)).toEqual({ error: expect.stringMatching(/JSON/) });
    const tooLong = await postJson(everyDialect, "/api/chat", {
      model: "fake-bigram",
      messages: [{ role: "user", content: "x" }],
      options: { num_predict: 101 },
    });
    expect(await json(tooLong, 400)).toEqual({ error: expect.stringMatching(/num_predict.*100/) });
  });

  it("Ollama: images and tools are refused, unknown fields ignored", async () => {
    const images = await postJson(everyDialect, "/api/generate", {
      model: "fake-bigram",
      prompt: "x",
      images: ["aGk="],
    });
    expect(await json(images, 400)).toEqual({ error: expect.stringMatching(/images/) });
    const unknown = await postJson(everyDialect, "/api/generate", {
      model: "fake-bigram",
      prompt: " the",
      raw: true,
      stream: false,
      options: { num_predict: 2, temperature: 0, mirostat: 2 },
      whatever: 1,
    });
    expect(await json(unknown, 200)).toMatchObject({ done: true });
  });

  it("llama.cpp: a 400 in llama.cpp's shape", async () => {
    const response = await postJson(everyDialect, "/completion", { prompt: "x", n_probs: -1 });
    const body = (await json(response, 400)) as { error: { code: number; message: string; type: string } };
    expect(body.error.code).toBe(400);
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/n_probs/);
  });

  it("llama.cpp: n_predict over the server's limit, and n_probs over the model's", async () => {
    const tooLong = await postJson(everyDialect, "/completion", { prompt: "x", n_predict: 101 });
    expect(await json(tooLong, 400)).toMatchObject({
      error: { code: 400, message: expect.stringMatching(/100/) },
    });
    const tooMany = await postJson(everyDialect, "/completion", { prompt: "x", n_probs: 50 });
    expect(await json(tooMany, 400)).toMatchObject({
      error: { message: expect.stringMatching(/at most 12/) },
    });
  });
});
