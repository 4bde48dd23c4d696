/**
 * Validation and error cases through `app.request()`: every error is exactly OpenAI's shape
 * `{error: {message, type, param, code}}` with the right status, and no user input yields 500.
 */
import { describe, expect, it } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { createApp } from "../../src/server/index.js";
import { createEchoFakeModel } from "./echo-fake-model.js";
import { postJson } from "./request.js";

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

async function expectError(response: Response, status: number, param: string | null, code?: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorBody;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.param).toBe(param);
  if (code !== undefined) expect(body.error.code).toBe(code);
  return body.error;
}

const app = createApp({ models: createEchoFakeModel(), log: () => {}, maxTokensLimit: 100 });

describe("validation (400 naming param and the allowed range)", () => {
  const cases: [string, string, unknown, string, RegExp][] = [
    ["/v1/completions", "logprobs above 20", { prompt: "x", logprobs: 21 }, "logprobs", /0 to 20/],
    ["/v1/completions", "negative logprobs", { prompt: "x", logprobs: -1 }, "logprobs", /0 to 20/],
    ["/v1/completions", "max_tokens 0 without echo", { prompt: "x", max_tokens: 0 }, "max_tokens", /echo/],
    [
      "/v1/completions",
      "max_tokens over the limit",
      { prompt: "x", max_tokens: 101 },
      "max_tokens",
      /0 to 100/,
    ],
    ["/v1/completions", "temperature too high", { prompt: "x", temperature: 2.5 }, "temperature", /0 to 2/],
    ["/v1/completions", "top_p zero", { prompt: "x", top_p: 0 }, "top_p", /greater than 0/],
    ["/v1/completions", "missing prompt", {}, "prompt", /string/],
    [
      "/v1/completions",
      "token ids that do not round-trip",
      { prompt: [[1, 2]] },
      "prompt",
      /do not come back unchanged/,
    ],
    ["/v1/completions", "a fractional token id", { prompt: [2, 3.5] }, "prompt", /token ids/],
    ["/v1/completions", "five stop strings", { prompt: "x", stop: ["a", "b", "c", "d", "e"] }, "stop", /4/],
    [
      "/v1/completions",
      "frequency_penalty",
      { prompt: "x", frequency_penalty: 0.5 },
      "frequency_penalty",
      /not supported/,
    ],
    ["/v1/completions", "n too big", { prompt: "x", n: 17 }, "n", /1 to 16/],
    ["/v1/completions", "bad logprobs_mode", { prompt: "x", logprobs_mode: "odd" }, "logprobs_mode", /raw/],
    [
      "/v1/completions",
      "unsupported logprobs_mode",
      { prompt: "x", logprobs_mode: "processed" },
      "logprobs_mode",
      /raw/,
    ],
    [
      "/v1/chat/completions",
      "top_logprobs without logprobs",
      { messages: [{ role: "user", content: "x" }], top_logprobs: 2 },
      "top_logprobs",
      /logprobs: true/,
    ],
    [
      "/v1/chat/completions",
      "a tool message",
      { messages: [{ role: "tool", content: "x" }] },
      "messages[0].role",
      /tool/,
    ],
    ["/v1/chat/completions", "no messages", { messages: [] }, "messages", /1 to/],
    [
      "/v1/chat/completions",
      "top_logprobs 21",
      { messages: [{ role: "user", content: "x" }], logprobs: true, top_logprobs: 21 },
      "top_logprobs",
      /0 to 20/,
    ],
    ["/v1/score", "empty input", { input: "" }, "input", /non-empty/],
    [
      "/v1/generate",
      "prompt and messages",
      { prompt: "x", messages: [{ role: "user", content: "x" }] },
      "prompt",
      /exactly one/,
    ],
    [
      "/v1/branch",
      "negative forced token",
      { prompt: "x", prefix_tokens: [], forced_token: -1 },
      "forced_token",
      /integer/,
    ],
    ["/tokenize", "no text", {}, "prompt", /exactly one/],
    ["/detokenize", "string ids", { tokens: ["a"] }, "tokens[0]", /integer/],
  ];
  for (const [path, name, body, param, message] of cases) {
    it(`${path}: ${name}`, async () => {
      const error = await expectError(await postJson(app, path, body), 400, param);
      expect(error.type).toBe("invalid_request_error");
      expect(error.message).toMatch(message);
      expect(error.message).toContain(param.split(/[.[]/)[0]!);
    });
  }

  it("malformed JSON is a 400 without param", async () => {
    const error = await expectError(await postJson(app, "/v1/completions", "{not json"), 400, null);
    expect(error.message).toMatch(/parse the JSON body/);
  });

  it("a JSON array body is a 400", async () => {
    await expectError(await postJson(app, "/v1/completions", "[1]"), 400, null);
  });

  it("no user input gives 500: a sweep of odd bodies on every POST route", async () => {
    const bodies = [
      "",
      "null",
      "0",
      '"text"',
      "{}",
      '{"prompt":null}',
      '{"messages":"hi"}',
      '{"model":5}',
      '{"input":[1]}',
      '{"tokens":{}}',
      '{"prompt":"x","stop":null,"seed":-1}',
      '{"prompt":"x","seed":1.5}',
    ];
    const paths = [
      "/v1/completions",
      "/v1/chat/completions",
      "/v1/score",
      "/v1/generate",
      "/v1/branch",
      "/tokenize",
      "/detokenize",
      "/v1/analyze",
    ];
    for (const path of paths) {
      for (const body of bodies) {
        const response = await postJson(app, path, body);
        expect(response.status, `${path} ${body}`).toBeLessThan(500);
        if (response.status >= 400)
          await expectError(
            response,
            response.status,
            ((await response.clone().json()) as ErrorBody).error.param,
          );
        else await response.text();
      }
    }
  });
});

describe("status codes", () => {
  it("404 for an unknown model, naming param model", async () => {
    const error = await expectError(
      await postJson(app, "/v1/completions", { model: "gpt-4", prompt: "x" }),
      404,
      "model",
      "model_not_found",
    );
    expect(error.message).toContain("fake-bigram");
  });

  it("404 for an unknown route, in OpenAI's shape", async () => {
    const error = await expectError(await app.request("/v1/nothing-here"), 404, null, "unknown_url");
    expect(error.message).toBe("Invalid URL (GET /v1/nothing-here)");
  });

  it("413 when the body is larger than the limit", async () => {
    const small = createApp({ models: createEchoFakeModel(), log: () => {}, maxBodyBytes: 1000 });
    await expectError(
      await postJson(small, "/v1/completions", { prompt: "x".repeat(2000) }),
      413,
      null,
      "request_too_large",
    );
    // The limit holds for a chunked body with no content-length, too.
    const chunks = new ReadableStream({
      start(controller) {
        for (let index = 0; index < 5; index++) controller.enqueue(new TextEncoder().encode("x".repeat(400)));
        controller.close();
      },
    });
    const response = await small.request("/v1/completions", {
      method: "POST",
      body: chunks,
      headers: { "content-type": "application/json" },
      // @ts-expect-error: Node's fetch needs duplex for a stream body
      duplex: "half",
    });
    await expectError(response, 413, null, "request_too_large");
  });

  it("401 for a missing or wrong key when an API key is set; /health stays open", async () => {
    const locked = createApp({ models: createEchoFakeModel(), log: () => {}, apiKey: "sekret" });
    await expectError(
      await postJson(locked, "/v1/completions", { prompt: "x" }),
      401,
      null,
      "invalid_api_key",
    );
    await expectError(
      await postJson(locked, "/v1/completions", { prompt: "x" }, { authorization: "Bearer wrong" }),
      401,
      null,
      "invalid_api_key",
    );
    await expectError(await locked.request("/v1/models"), 401, null);
    // Without the key, even an oversized body gets 401 (auth comes before the body is read).
    await expectError(
      await postJson(locked, "/v1/completions", { prompt: "x".repeat(9_000_000) }),
      401,
      null,
    );
    await expectError(await postJson(locked, "/tokenize", { prompt: "x" }), 401, null);
    const ok = await postJson(
      locked,
      "/v1/completions",
      { prompt: " the", max_tokens: 1 },
      { authorization: "Bearer sekret" },
    );
    expect(ok.status).toBe(200);
    // /health stays open for probes, but without the key it shows only the status: no model
    // names, devices or CPU features.
    const open = await locked.request("/health");
    expect(open.status).toBe(200);
    expect(await open.json()).toEqual({ status: "ok" });
    const keyed = await locked.request("/health", { headers: { authorization: "Bearer sekret" } });
    expect(((await keyed.json()) as { models: string[] }).models.length).toBeGreaterThan(0);
    const wrong = await locked.request("/health", { headers: { authorization: "Bearer sekreT" } });
    expect(await wrong.json()).toEqual({ status: "ok" });
  });

  it("429 when every slot and the queue are full; the queued request still completes", async () => {
    const slow = createApp({
      models: createEchoFakeModel({ delayMs: 200 }),
      log: () => {},
      maxConcurrent: 1,
      maxQueue: 1,
    });
    const body = { prompt: " the", max_tokens: 1 };
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const first = postJson(slow, "/v1/completions", body);
    await until(() => slow.state.queue.active === 1);
    const second = postJson(slow, "/v1/completions", body);
    await until(() => slow.state.queue.queued === 1);
    const third = await postJson(slow, "/v1/completions", body);
    const error = await expectError(third, 429, null, "rate_limit_exceeded");
    expect(error.message).toMatch(/1 requests running and 1 waiting/);
    expect(third.headers.get("retry-after")).toBe("1");
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(slow.state.queue.active).toBe(0);
  });

  it("504 when a request runs past the per-request timeout, and the slot is freed", async () => {
    const slow = createApp({
      models: createEchoFakeModel({ delayMs: 50 }),
      log: () => {},
      requestTimeoutMs: 80,
    });
    await expectError(
      await postJson(slow, "/v1/completions", { prompt: " on", max_tokens: 10 }),
      504,
      null,
      "request_timeout",
    );
    expect(slow.state.queue.active).toBe(0);
  });

  it("400 from /v1/branch when the model cannot branch", async () => {
    const error = await expectError(
      await postJson(app, "/v1/branch", { prompt: " the", prefix_tokens: [], forced_token: 3 }),
      400,
      "branching",
      "unsupported",
    );
    expect(error.message).toMatch(/cannot branch/);
  });

  it("400 for echo on a model that cannot score prompts", async () => {
    const base = createEchoFakeModel();
    const noPrompt: LogprobModel = { ...base, capabilities: { ...base.capabilities, promptLogprobs: false } };
    const limited = createApp({ models: noPrompt, log: () => {} });
    await expectError(
      await postJson(limited, "/v1/completions", { prompt: "x", echo: true, logprobs: 1, max_tokens: 0 }),
      400,
      "echo",
      "unsupported",
    );
  });

  it("400 context_length_exceeded when the model reports an overflow, naming the prompt field", async () => {
    const base = createEchoFakeModel();
    const { ContextOverflowError } = await import("../../src/core/errors.js");
    const tight: LogprobModel = {
      ...base,
      generate: async () => {
        throw new ContextOverflowError(70, 64);
      },
    };
    const limited = createApp({ models: tight, log: () => {} });
    const error = await expectError(
      await postJson(limited, "/v1/completions", { prompt: "x", max_tokens: 60 }),
      400,
      "prompt",
      "context_length_exceeded",
    );
    expect(error.message).toMatch(/70 tokens.*64/);
  });

  it("500 only for a real internal failure, with a generic message and the details in the log", async () => {
    const lines: string[] = [];
    const base = createEchoFakeModel();
    const broken: LogprobModel = {
      ...base,
      generate: async () => {
        throw new TypeError("secret internal detail");
      },
    };
    const failing = createApp({ models: broken, log: (line) => lines.push(line) });
    const error = await expectError(await postJson(failing, "/v1/completions", { prompt: "x" }), 500, null);
    expect(error.message).not.toContain("secret");
    expect(lines.some((line) => line.includes("secret internal detail"))).toBe(true);
  });
});
