/**
 * Request lifecycle on a running server: a client that disconnects cancels its generation and
 * frees its slot; graceful shutdown lets short requests finish and cancels long ones; one log line
 * per request, never with the prompt text.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { startServer } from "../../src/server/node.js";
import { createEchoFakeModel, type ModelProbe } from "./echo-fake-model.js";
import { postJson } from "./request.js";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function post(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
    ...(signal ? { signal } : {}),
  });
}

describe("cancellation", () => {
  it("a streaming client that disconnects cancels its generation and frees the slot", async () => {
    const probe: ModelProbe = { signals: [], tokensProduced: 0 };
    const server = await startServer({
      models: createEchoFakeModel({ delayMs: 300, probe }),
      port: 0,
      host: "127.0.0.1",
      log: () => {},
    });
    try {
      const controller = new AbortController();
      const response = await post(
        `${server.url}/v1/completions`,
        { prompt: " mat", max_tokens: 64, stream: true, temperature: 0 },
        controller.signal,
      );
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await wait(500);
      expect(probe.signals[0]?.aborted).toBe(true);
      // Uncancelled, " mat" would give 3 tokens (" fast cat ran") before EOS.
      expect(probe.tokensProduced).toBeLessThan(3);
      expect(server.app.state.queue.active).toBe(0);
    } finally {
      await server.close(500);
    }
  });

  it("a non-streaming client that disconnects cancels its generation too", async () => {
    const probe: ModelProbe = { signals: [], tokensProduced: 0 };
    const server = await startServer({
      models: createEchoFakeModel({ delayMs: 300, probe }),
      port: 0,
      host: "127.0.0.1",
      log: () => {},
    });
    try {
      const controller = new AbortController();
      const pending = post(
        `${server.url}/v1/chat/completions`,
        { messages: [{ role: "user", content: " mat" }], max_tokens: 64 },
        controller.signal,
      ).catch(() => undefined);
      await wait(80);
      controller.abort();
      await pending;
      await wait(500);
      expect(probe.signals[0]?.aborted).toBe(true);
      expect(probe.tokensProduced).toBeLessThan(3);
      expect(server.app.state.queue.active).toBe(0);
    } finally {
      await server.close(500);
    }
  });
});

describe("graceful shutdown", () => {
  it("lets a short request finish and cancels a long one after the grace period", async () => {
    const probe: ModelProbe = { signals: [], tokensProduced: 0 };
    const server = await startServer({
      models: createEchoFakeModel({ delayMs: 300, probe }),
      port: 0,
      host: "127.0.0.1",
      maxConcurrent: 2,
      log: () => {},
    });
    // The fake model is greedy at 300 ms a token: " the" -> " sat" (1 token, within the 600 ms
    // grace period); " on" -> ". the sat" then EOS (3 tokens, 900 ms: past it).
    const short = post(`${server.url}/v1/completions`, { prompt: " the", max_tokens: 1 });
    const long = post(`${server.url}/v1/generate`, { prompt: " on", max_tokens: 3 });
    while (server.app.state.queue.active < 2) await wait(5);
    const started = Date.now();
    const closing = server.close(600);
    expect((await short).status).toBe(200);
    const longResponse = await long;
    const text = await longResponse.text().catch(() => "");
    await closing;
    expect(Date.now() - started).toBeLessThan(3000);
    // The long stream was cut short: it never reached its done event.
    expect(text).not.toContain('"type":"done"');
    // Exactly one generation (the long one) was cancelled.
    expect(probe.signals.filter((signal) => signal?.aborted)).toHaveLength(1);
    expect(server.app.state.inflight.size).toBe(0);
  });

  it("while draining, new work gets 503 and /health says shutting_down", async () => {
    const app = createApp({ models: createEchoFakeModel(), log: () => {} });
    await app.drain(10);
    const response = await postJson(app, "/v1/completions", { prompt: " the" });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("server_shutting_down");
    const health = await app.request("/health");
    expect(health.status).toBe(503);
    expect(((await health.json()) as { status: string }).status).toBe("shutting_down");
  });
});

describe("request log", () => {
  it("writes one line per request with method, path, status, tokens and ms, never the prompt", async () => {
    const lines: string[] = [];
    const app = createApp({ models: createEchoFakeModel(), log: (line) => lines.push(line) });
    const secret = " the cat sat on the mat secret-words";
    await (await postJson(app, "/v1/completions", { prompt: secret, max_tokens: 2 })).text();
    await (
      await postJson(app, "/v1/chat/completions", {
        messages: [{ role: "user", content: secret }],
        stream: true,
        max_tokens: 1,
      })
    ).text();
    await (await postJson(app, "/v1/completions", { prompt: secret, logprobs: 99 })).text();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^POST \/v1\/completions 200 tokens=\d+\+\d+ \d+ms$/);
    // The streamed request is logged when its stream ends, with its token counts.
    expect(lines[1]).toMatch(/^POST \/v1\/chat\/completions 200 tokens=\d+\+1 \d+ms$/);
    expect(lines[2]).toMatch(/^POST \/v1\/completions 400 tokens=- \d+ms$/);
    for (const line of lines) expect(line).not.toMatch(/cat|secret/);
  });
});
