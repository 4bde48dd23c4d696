/**
 * OpenAI Batch API lines through the batch runner over the fake bigram model. Oracle: logprobe's
 * own server (`app.request()`), which answers the same request body at /v1/chat/completions and
 * /v1/completions: the batch output's `response.body` must hold the same choices (ids and
 * timestamps aside), as vllm run-batch's output holds its server's responses.
 */

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readExistingOutput } from "../../src/providers/batch/batch-output-file.js";
import type { BatchResultLine } from "../../src/providers/batch/batch-result.js";
import { ModelPool } from "../../src/providers/batch/model-pool.js";
import {
  type OpenAIBatchRequestMeta,
  toOpenAIBatchOutput,
} from "../../src/providers/batch/openai-batch-format.js";
import { parseBatchLine } from "../../src/providers/batch/parse-batch-line.js";
import { runBatch } from "../../src/providers/batch/run-batch.js";
import { createApp } from "../../src/server/index.js";
import { createEchoFakeModel } from "../server/echo-fake-model.js";

const chatBody = {
  model: "fake-bigram",
  messages: [{ role: "user", content: " on" }],
  max_tokens: 3,
  temperature: 0,
  logprobs: true,
  top_logprobs: 2,
};
const completionBody = { model: "fake-bigram", prompt: " the", max_tokens: 4, temperature: 0, logprobs: 3 };

async function runLines(lines: string[]) {
  const written: ReturnType<typeof toOpenAIBatchOutput | ((line: BatchResultLine) => BatchResultLine)>[] = [];
  await runBatch({
    lines,
    pool: new ModelPool([{ model: createEchoFakeModel(), label: "fake" }], "round-robin"),
    concurrency: 2,
    write: async (line, openai?: OpenAIBatchRequestMeta) => {
      written.push(openai ? toOpenAIBatchOutput(line, openai) : line);
    },
  });
  return written as Record<string, unknown>[];
}

describe("OpenAI Batch API lines", () => {
  const app = createApp({ models: createEchoFakeModel(), log: () => {} });
  const post = async (path: string, body: unknown) =>
    (await (
      await app.request(path, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      })
    ).json()) as { choices: unknown[]; usage: unknown; object: string };

  it("answers each request with its endpoint's response body, logprobs included, as the server does", async () => {
    const output = await runLines([
      JSON.stringify({ custom_id: "chat-1", method: "POST", url: "/v1/chat/completions", body: chatBody }),
      JSON.stringify({ custom_id: "cmpl-1", method: "POST", url: "/v1/completions", body: completionBody }),
    ]);
    const byId = Object.fromEntries(output.map((line) => [line.custom_id, line])) as Record<
      string,
      {
        id: string;
        response: { status_code: number; body: { choices: unknown[]; usage: unknown; object: string } };
        error: unknown;
      }
    >;
    const chat = byId["chat-1"]!;
    expect(chat.id).toMatch(/^batch_req_/);
    expect(chat.error).toBeNull();
    expect(chat.response.status_code).toBe(200);
    const served = await post("/v1/chat/completions", chatBody);
    expect(chat.response.body.object).toBe("chat.completion");
    expect(chat.response.body.choices).toEqual(served.choices);
    expect(chat.response.body.usage).toEqual(served.usage);
    const completion = byId["cmpl-1"]!;
    const servedCompletion = await post("/v1/completions", completionBody);
    expect(completion.response.body.object).toBe("text_completion");
    expect(completion.response.body.choices).toEqual(servedCompletion.choices);
  });

  it("gives a bad request its status and OpenAI's error body, naming the field", async () => {
    const [line] = await runLines([
      JSON.stringify({ custom_id: "bad", method: "POST", url: "/v1/embeddings", body: {} }),
    ]);
    expect(line).toMatchObject({
      custom_id: "bad",
      error: null,
      response: { status_code: 400, body: { error: { type: "invalid_request_error", param: "line 1.url" } } },
    });
    const [range] = await runLines([
      JSON.stringify({
        custom_id: "hot",
        url: "/v1/chat/completions",
        body: { ...chatBody, temperature: 7 },
      }),
    ]);
    expect(range).toMatchObject({
      response: { status_code: 400, body: { error: { param: "line 1.body.temperature" } } },
    });
  });

  it("resumes by custom_id, and --retry-failed reruns the failed ones", async () => {
    const folder = mkdtempSync(join(tmpdir(), "logprobe-openai-batch-"));
    const path = join(folder, "out.jsonl");
    const ok = toOpenAIBatchOutput(
      {
        id: "a",
        ok: true,
        type: "generate",
        server: "s",
        model: "m",
        source: "x",
        summary: {
          tokenCount: 0,
          jointLogprob: 0,
          meanLogprob: null,
          minLogprob: null,
          perplexity: null,
          bitsPerByte: null,
        },
        text: "",
        finishReason: "stop",
        usage: { promptTokens: 1, completionTokens: 0 },
        warnings: [],
        tokens: [],
      },
      { customId: "a", url: "/v1/completions", logprobs: false, topLogprobs: 0 },
    );
    const bad = toOpenAIBatchOutput(
      { id: "b", ok: false, error: { code: "invalid_input", message: "x" } },
      { customId: "b", url: "/v1/completions", logprobs: false, topLogprobs: 0 },
    );
    writeFileSync(path, `${JSON.stringify(ok)}\n${JSON.stringify(bad)}\n`);
    expect([...(await readExistingOutput(path)).completed]).toEqual(["a", "b"]);
    const retry = await readExistingOutput(path, { retryFailed: true });
    expect([...retry.completed]).toEqual(["a"]);
    expect(retry.retried).toBe(1);
  });
});

describe("logprobe's own lines accept the API's field names", () => {
  it("reads max_tokens, top_logprobs, top_p, top_k and min_p", () => {
    const parsed = parseBatchLine(
      '{"id":"x","prompt":"p","max_tokens":5,"top_logprobs":2,"top_p":0.9,"top_k":4,"min_p":0.1}',
      1,
    );
    expect(parsed).toMatchObject({
      ok: true,
      item: { maxTokens: 5, topLogprobs: 2, topP: 0.9, topK: 4, minP: 0.1 },
    });
    const both = parseBatchLine('{"id":"y","prompt":"p","max_tokens":5,"maxTokens":6}', 2);
    expect(both.ok).toBe(false);
  });
});
