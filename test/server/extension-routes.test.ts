/**
 * Extension and utility routes through `app.request()`: /v1/models, /health, /tokenize,
 * /detokenize, /v1/score, /v1/generate, /v1/analyze and static files. Oracles: the fake model's
 * closed-form table (./oracle.ts) and hand computation of perplexity and bits per byte.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GenerateEvent } from "../../src/core/model.js";
import { createApp } from "../../src/server/index.js";
import { notBuiltPage } from "../../src/server/routes/static.js";
import { createEchoFakeModel } from "./echo-fake-model.js";
import { greedyOracle, promptOracle } from "./oracle.js";
import { postJson, sseData } from "./request.js";

const app = createApp({ models: createEchoFakeModel(), log: () => {} });

describe("utility routes", () => {
  it("GET /v1/models lists the model in OpenAI's shape", async () => {
    const body = (await (await app.request("/v1/models")).json()) as {
      object: string;
      data: { id: string; object: string; context_length: number }[];
    };
    expect(body.object).toBe("list");
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ id: "fake-bigram", object: "model", context_length: 64 });
    expect((await app.request("/v1/models/fake-bigram")).status).toBe(200);
    expect((await app.request("/v1/models/other")).status).toBe(404);
  });

  it("GET /health reports the queue", async () => {
    const body = await (await app.request("/health")).json();
    expect(body).toMatchObject({ status: "ok", models: ["fake-bigram"], active: 0, queued: 0 });
  });

  it("/tokenize accepts prompt (vLLM, lm-eval) or content (llama.cpp); /detokenize inverts it", async () => {
    const byPrompt = (await (
      await postJson(app, "/tokenize", { prompt: " the cat sat", add_special_tokens: false })
    ).json()) as { tokens: number[]; count: number };
    expect(byPrompt.tokens).toEqual([2, 3, 4]);
    expect(byPrompt.count).toBe(3);
    const byContent = (await (await postJson(app, "/tokenize", { content: " the cat sat" })).json()) as {
      tokens: number[];
    };
    expect(byContent.tokens).toEqual([2, 3, 4]);
    const text = await (await postJson(app, "/detokenize", { tokens: [2, 3, 4] })).json();
    expect(text).toEqual({ prompt: " the cat sat", content: " the cat sat" });
  });
});

describe("POST /v1/score", () => {
  it("returns per-token logprobs, perplexity and bits per byte checked by hand", async () => {
    const input = " the cat sat on the mat";
    const response = await postJson(app, "/v1/score", { model: "fake-bigram", input, top_logprobs: 2 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      object: string;
      tokens: { token: string; logprob: number; top: { token: string }[] }[];
      perplexity: number;
      bits_per_byte: number;
      bos_conditioned: boolean;
      usage: { prompt_tokens: number };
    };
    const expected = promptOracle(input, 2);
    expect(body.object).toBe("score");
    expect(body.tokens.map((token) => token.token)).toEqual(expected.map((token) => token.token));
    body.tokens.forEach((token, index) => {
      expect(token.logprob).toBeCloseTo(expected[index]!.logprob, 12);
      expect(token.top.map((top) => top.token)).toEqual(expected[index]!.top.map((top) => top.token));
    });
    // Hand computation: PPL = exp(-mean logprob); BPB = -sum / (ln 2 * UTF-8 bytes).
    const sum = expected.reduce((total, token) => total + token.logprob, 0);
    expect(body.perplexity).toBeCloseTo(Math.exp(-sum / expected.length), 10);
    expect(body.bits_per_byte).toBeCloseTo(-sum / (Math.LN2 * new TextEncoder().encode(input).length), 10);
    expect(body.bos_conditioned).toBe(true);
  });
});

describe("POST /v1/generate", () => {
  it("streams GenerateEvents: one token event per token, then done with the full result", async () => {
    const response = await postJson(app, "/v1/generate", { prompt: " mat", max_tokens: 5, top_logprobs: 2 });
    expect(response.status).toBe(200);
    const events = sseData(await response.text()) as GenerateEvent[];
    const expected = greedyOracle(" mat", 5, 2);
    const tokens = events.filter((event) => event.type === "token");
    expect(tokens.map((event) => event.index)).toEqual(expected.map((_, index) => index));
    tokens.forEach((event, index) => {
      expect(event.token.logprob).toBeCloseTo(expected[index]!.logprob, 12);
    });
    const done = events.at(-1)!;
    expect(done.type).toBe("done");
    if (done.type === "done") {
      expect(done.result.text).toBe(expected.map((token) => token.token).join(""));
      expect(done.result.finishReason).toBe("stop");
    }
  });

  it("accepts messages instead of a prompt", async () => {
    const response = await postJson(app, "/v1/generate", {
      messages: [{ role: "user", content: " the" }],
      max_tokens: 1,
    });
    const events = sseData(await response.text()) as GenerateEvent[];
    expect(events.map((event) => event.type)).toEqual(["token", "done"]);
  });
});

describe("POST /v1/analyze", () => {
  it("parses an OpenAI chat response and summarises it (perplexity by hand)", async () => {
    const chat = {
      object: "chat.completion",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hi!" },
          logprobs: {
            content: [
              { token: "Hi", logprob: -0.5, bytes: [72, 105], top_logprobs: [] },
              { token: "!", logprob: -1.5, bytes: [33], top_logprobs: [] },
            ],
          },
          finish_reason: "stop",
        },
      ],
    };
    const response = await postJson(app, "/v1/analyze", chat);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      format: string;
      sequence: { tokens: unknown[] };
      summary: { perplexity: number; tokenCount: number };
    };
    expect(body.format).toMatch(/chat/);
    expect(body.sequence.tokens).toHaveLength(2);
    expect(body.summary.tokenCount).toBe(2);
    expect(body.summary.perplexity).toBeCloseTo(Math.exp(1), 12);
  });

  it("rejects an unknown ?format= with 400 naming format", async () => {
    const response = await postJson(app, "/v1/analyze?format=nope", {});
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe("format");
  });
});

describe("static web app", () => {
  it("without a build, / explains how to build it", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(notBuiltPage);
  });

  it("with a build, serves files with their content types, falls back to index.html, and refuses traversal", async () => {
    const root = mkdtempSync(join(tmpdir(), "logprobe-web-"));
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), "<!doctype html><title>logprobe</title>");
    writeFileSync(join(root, "assets", "app.js"), "console.log(1)");
    writeFileSync(join(root, "assets", "app.css"), "body{}");
    const web = createApp({ models: createEchoFakeModel(), log: () => {}, webRoot: root });
    const index = await web.request("/");
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toContain("<title>logprobe</title>");
    const script = await web.request("/assets/app.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await web.request("/assets/app.css")).headers.get("content-type")).toBe(
      "text/css; charset=utf-8",
    );
    expect(await (await web.request("/some/client/route")).text()).toContain("<title>logprobe</title>");
    expect((await web.request("/assets/missing.js")).status).toBe(404);
    expect((await web.request("/..%2f..%2fetc%2fpasswd")).status).toBe(404);
    expect((await web.request("/v1/unknown")).status).toBe(404);
  });
});
