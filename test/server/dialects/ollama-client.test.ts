/**
 * The official `ollama` npm client (0.6.x) against a running server (127.0.0.1, a free port) over
 * the fake bigram model: generate and chat, whole and streamed, with logprobs; tags, show, ps,
 * version; the client's error for an unknown model. Oracles: the closed-form table in
 * ../oracle.ts, and the OpenAI route's numbers for the same request (exactly equal).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../../src/server/node.js";
import { createEchoFakeModel } from "../echo-fake-model.js";
import { greedyOracle } from "../oracle.js";

let server: RunningServer;
let ollama: Ollama;
let openai: OpenAI;

beforeAll(async () => {
  server = await startServer({ models: createEchoFakeModel(), port: 0, host: "127.0.0.1", log: () => {} });
  ollama = new Ollama({ host: server.url });
  openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "none", maxRetries: 0 });
});

afterAll(async () => {
  await server.close(1000);
});

const options = { temperature: 0, num_predict: 6 };

describe("ollama client against the server", () => {
  it("generate (raw) with top_logprobs matches the oracle and /v1/completions exactly", async () => {
    const prompt = " the cat";
    const response = await ollama.generate({
      model: "fake-bigram",
      prompt,
      raw: true,
      options,
      logprobs: true,
      top_logprobs: 3,
    });
    const expected = greedyOracle(prompt, 6, 3);
    expect(response.done).toBe(true);
    expect(response.response).toBe(expected.map((token) => token.token).join(""));
    expect(response.logprobs?.map((entry) => entry.token)).toEqual(expected.map((token) => token.token));
    expect(response.logprobs?.[0]?.logprob).toBeCloseTo(expected[0]!.logprob, 12);
    expect(response.logprobs?.[0]?.top_logprobs?.map((top) => top.token)).toEqual(
      expected[0]!.top.map((top) => top.token),
    );
    const completion = await openai.completions.create({
      model: "fake-bigram",
      prompt,
      max_tokens: 6,
      temperature: 0,
      logprobs: 3,
    });
    expect(response.logprobs?.map((entry) => entry.logprob)).toEqual(
      completion.choices[0]!.logprobs!.token_logprobs,
    );
  });

  it("chat with logprobs equals /v1/chat/completions exactly, whole and streamed", async () => {
    const messages = [{ role: "user" as const, content: " the dog" }];
    const whole = await ollama.chat({
      model: "fake-bigram",
      messages,
      options,
      logprobs: true,
      top_logprobs: 2,
    });
    const reference = await openai.chat.completions.create({
      model: "fake-bigram",
      messages,
      max_tokens: 6,
      temperature: 0,
      logprobs: true,
      top_logprobs: 2,
    });
    const content = reference.choices[0]!.logprobs!.content!;
    expect(whole.message.content).toBe(reference.choices[0]!.message.content);
    expect(whole.logprobs).toEqual(
      content.map((entry) => ({
        token: entry.token,
        logprob: entry.logprob,
        bytes: entry.bytes,
        top_logprobs: entry.top_logprobs,
      })),
    );
    const stream = await ollama.chat({
      model: "fake-bigram",
      messages,
      options,
      logprobs: true,
      top_logprobs: 2,
      stream: true,
    });
    const streamed: unknown[] = [];
    let text = "";
    let last: { done: boolean; done_reason: string; eval_count: number } | undefined;
    for await (const part of stream) {
      text += part.message.content;
      streamed.push(...(part.logprobs ?? []));
      last = part;
    }
    expect(text).toBe(whole.message.content);
    expect(streamed).toEqual(whole.logprobs);
    expect(last?.done).toBe(true);
    expect(last?.eval_count).toBe(content.length);
  });

  it("generate streams NDJSON whose pieces add up to the whole answer", async () => {
    const stream = await ollama.generate({
      model: "fake-bigram:latest",
      prompt: " a",
      raw: true,
      options,
      stream: true,
    });
    let text = "";
    for await (const part of stream) text += part.response;
    const whole = await ollama.generate({ model: "fake-bigram", prompt: " a", raw: true, options });
    expect(text).toBe(whole.response);
    expect(whole.logprobs).toBeUndefined();
  });

  it("lists, shows and reports the served model", async () => {
    const tags = await ollama.list();
    expect(tags.models.map((model) => model.name)).toEqual(["fake-bigram:latest"]);
    const running = await ollama.ps();
    expect(running.models[0]?.name).toBe("fake-bigram:latest");
    const shown = await ollama.show({ model: "fake-bigram" });
    expect(shown.capabilities).toContain("completion");
    const version = await fetch(`${server.url}/api/version`).then((response) => response.json());
    expect(version).toEqual({ version: "0.12.11" });
  });

  it("an unknown model is a 404 the client reports with Ollama's error text", async () => {
    await expect(ollama.generate({ model: "nope", prompt: "x", raw: true })).rejects.toMatchObject({
      status_code: 404,
      error: expect.stringContaining("nope"),
    });
  });

  it("with Ollama switched off and the web UI built, the client gets a 404 error, not index.html", async () => {
    const webRoot = mkdtempSync(join(tmpdir(), "logprobe-web-"));
    writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>logprobe</title>");
    const off = await startServer({
      models: createEchoFakeModel(),
      port: 0,
      host: "127.0.0.1",
      log: () => {},
      webRoot,
      dialects: ["openai"],
    });
    try {
      await expect(new Ollama({ host: off.url }).list()).rejects.toMatchObject({
        status_code: 404,
        error: expect.stringContaining("/api/tags"),
      });
    } finally {
      await off.close(1000);
    }
  });
});
