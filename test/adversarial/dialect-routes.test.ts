/**
 * Adversarial: the dialect routes (Ollama, llama.cpp, vLLM, SGLang) under the same hostile inputs
 * as the OpenAI routes. Every failure is JSON in the dialect's own error shape with the same
 * status the OpenAI routes give (401, 413, 415, 400, 429); the server's limits (body size, max
 * tokens, queue) hold for every dialect; odd paths never reach the web UI's index.html; streaming
 * clients of every dialect that disconnect free their slots. Oracles: the statuses and shapes of
 * tools/server/server-common.cpp (llama.cpp), api/types.go (Ollama), http_server.py (SGLang), and
 * the queue counters.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";
import { postJson } from "../server/request.js";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const webRoot = mkdtempSync(join(tmpdir(), "logprobe-web-"));
writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>logprobe</title>");

/** The shape check of each dialect's error body. */
const shapes = {
  ollama: (body: unknown) => expect(body).toEqual({ error: expect.any(String) }),
  llamacpp: (status: number) => (body: unknown) =>
    expect(body).toEqual({ error: { code: status, message: expect.any(String), type: expect.any(String) } }),
  sglang: (body: unknown) => expect(body).toEqual({ error: { message: expect.any(String) } }),
  openai: (body: unknown) =>
    expect(body).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } }),
};

/** A valid small body per dialect route. */
const routes: [string, string, Record<string, unknown>, (status: number) => (body: unknown) => void][] = [
  ["ollama", "/api/generate", { model: "fake-bigram", prompt: " on", raw: true }, () => shapes.ollama],
  [
    "ollama",
    "/api/chat",
    { model: "fake-bigram", messages: [{ role: "user", content: " on" }] },
    () => shapes.ollama,
  ],
  ["llamacpp", "/completion", { prompt: " on" }, shapes.llamacpp],
  ["sglang", "/generate", { text: " on" }, () => shapes.sglang],
];

describe("dialect routes: hostile bodies and headers", () => {
  const app = createApp({
    models: createEchoFakeModel(),
    log: () => {},
    maxBodyBytes: 2048,
    maxTokensLimit: 50,
    apiKey: "k3y",
    webRoot,
  });
  const auth = { authorization: "Bearer k3y" };

  it.each(routes)("%s %s: no key is 401 in the dialect's shape", async (_dialect, path, body, shape) => {
    const response = await postJson(app, path, body);
    expect(response.status).toBe(401);
    shape(401)(await response.json());
  });

  it.each(routes)("%s %s: a body over the limit is 413", async (_dialect, path, _body, shape) => {
    const response = await postJson(app, path, { text: "x".repeat(5000), prompt: "x".repeat(5000) }, auth);
    expect(response.status).toBe(413);
    shape(413)(await response.json());
  });

  it.each(routes)("%s %s: a text body is 415", async (_dialect, path, _body, shape) => {
    const response = await app.request(path, {
      method: "POST",
      body: "hello",
      headers: { "content-type": "text/plain", ...auth },
    });
    expect(response.status).toBe(415);
    shape(415)(await response.json());
  });

  it.each(routes)("%s %s: non-object JSON, null and arrays are 400", async (_dialect, path, _body, shape) => {
    for (const value of ["null", "[]", "42", '"x"', "{", ""]) {
      const response = await postJson(app, path, value, auth);
      expect(response.status).toBe(400);
      shape(400)(await response.json());
    }
  });

  it("the max-tokens limit holds for every dialect's length field", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["/api/generate", { model: "fake-bigram", prompt: "x", options: { num_predict: 51 } }],
      ["/completion", { prompt: "x", n_predict: 51 }],
      ["/generate", { text: "x", sampling_params: { max_new_tokens: 51 } }],
      ["/v1/chat/completions", { messages: [{ role: "user", content: "x" }], max_tokens: 51 }],
    ];
    for (const [path, body] of cases) {
      const response = await postJson(app, path, body, auth);
      expect(response.status, path).toBe(400);
      expect(JSON.stringify(await response.json()), path).toMatch(/50/);
    }
  });

  it("wrong types in nested fields name the field", async () => {
    const ollama = await postJson(
      app,
      "/api/chat",
      { model: "fake-bigram", messages: [{ role: "tool", content: 1 }] },
      auth,
    );
    expect(((await ollama.json()) as { error: string }).error).toMatch(/messages/);
    const sglang = await postJson(
      app,
      "/generate",
      { text: "x", sampling_params: { temperature: "hot" } },
      auth,
    );
    expect(((await sglang.json()) as { error: { message: string } }).error.message).toMatch(/temperature/);
    const llama = await postJson(app, "/completion", { prompt: { nested: true } }, auth);
    expect(((await llama.json()) as { error: { message: string } }).error.message).toMatch(/prompt/);
  });

  it("odd API paths are JSON 404s, never index.html", async () => {
    for (const path of [
      "/api",
      "/api/",
      "/api/tags/extra",
      "/completion/x",
      "/generate/",
      "/tokenizer_info/x",
    ]) {
      const response = await app.request(path, { headers: auth });
      expect(response.headers.get("content-type"), path).toMatch(/application\/json/);
      expect(await response.text(), path).not.toContain("<title>");
    }
  });
});

describe("dialect routes: queue and disconnects", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      models: createEchoFakeModel({ delayMs: 20 }),
      port: 0,
      host: "127.0.0.1",
      maxConcurrent: 1,
      maxQueue: 0,
      log: () => {},
    });
  });
  afterAll(() => server.close(0));

  const streaming: [string, Record<string, unknown>][] = [
    [
      "/api/generate",
      { model: "fake-bigram", prompt: "x ".repeat(20), raw: true, options: { num_predict: 60 } },
    ],
    ["/completion", { prompt: "x ".repeat(20), n_predict: 60, stream: true }],
    ["/generate", { text: "x ".repeat(20), sampling_params: { max_new_tokens: 60 }, stream: true }],
  ];

  it("a full queue is 429 in each dialect's shape", async () => {
    const slow = createApp({
      models: createEchoFakeModel({ delayMs: 200 }),
      log: () => {},
      maxConcurrent: 1,
      maxQueue: 0,
    });
    const first = postJson(slow, "/v1/completions", { prompt: " the", max_tokens: 1 });
    while (slow.state.queue.active !== 1) await wait(1);
    const ollama = await postJson(slow, "/api/generate", { model: "fake-bigram", prompt: "x", raw: true });
    expect(ollama.status, await ollama.clone().text()).toBe(429);
    shapes.ollama(await ollama.json());
    const llama = await postJson(slow, "/completion", { prompt: "x" });
    expect(llama.status, await llama.clone().text()).toBe(429);
    shapes.llamacpp(429)(await llama.json());
    const sglang = await postJson(slow, "/generate", { text: "x" });
    expect(sglang.status, await sglang.clone().text()).toBe(429);
    shapes.sglang(await sglang.json());
    expect((await first).status).toBe(200);
  });

  it("streaming clients of every dialect that disconnect free their slots", async () => {
    for (const [path, body] of streaming) {
      const deadline = Date.now() + 5000;
      while (server.app.state.queue.active > 0 && Date.now() < deadline) await wait(10);
      const controller = new AbortController();
      const response = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      expect(response.status, `${path} ${await response.clone().text()}`).toBe(200);
      await response.body!.getReader().read();
      controller.abort();
    }
    const deadline = Date.now() + 5000;
    while (
      (server.app.state.queue.active > 0 || server.app.state.inflight.size > 0) &&
      Date.now() < deadline
    ) {
      await wait(20);
    }
    expect(server.app.state.queue.active).toBe(0);
    expect(server.app.state.inflight.size).toBe(0);
  });
});
