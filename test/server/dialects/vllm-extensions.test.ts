/**
 * vLLM's extensions through the official `openai` client (extra body fields, as Python's
 * `extra_body` sends them): `prompt_logprobs` on chat completions (top level, vLLM's
 * ChatCompletionResponse), `return_tokens_as_token_ids` on chat and completions, `--max-logprobs`
 * above OpenAI's 20, and `/tokenizer_info`. Oracles: the fake model's closed-form table and the
 * legacy completions route's `prompt_logprobs` for the same prompt text.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/server/index.js";
import { type RunningServer, startServer } from "../../../src/server/node.js";
import { createEchoFakeModel } from "../echo-fake-model.js";
import { greedyOracle, promptOracle } from "../oracle.js";
import { postJson } from "../request.js";

let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startServer({ models: createEchoFakeModel(), port: 0, host: "127.0.0.1", log: () => {} });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "none", maxRetries: 0 });
});

afterAll(async () => {
  await server.close(1000);
});

type PromptLogprobs = (Record<
  string,
  { logprob: number; rank: number | null; decoded_token: string }
> | null)[];

describe("vLLM extensions", () => {
  it("chat prompt_logprobs: one entry per prompt token at the top level, equal to /v1/completions'", async () => {
    const chat = (await client.chat.completions.create({
      model: "fake-bigram",
      messages: [{ role: "user", content: " the cat sat" }],
      max_tokens: 2,
      temperature: 0,
      prompt_logprobs: 2,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming)) as OpenAI.ChatCompletion & {
      prompt_logprobs: PromptLogprobs;
    };
    const completion = (await client.completions.create({
      model: "fake-bigram",
      prompt: " the cat sat",
      max_tokens: 2,
      temperature: 0,
      prompt_logprobs: 2,
    } as OpenAI.CompletionCreateParamsNonStreaming)) as OpenAI.Completion & {
      choices: { prompt_logprobs: PromptLogprobs }[];
    };
    expect(chat.prompt_logprobs).toEqual(completion.choices[0]!.prompt_logprobs);
    const expected = promptOracle(" the cat sat", 2);
    expect(chat.prompt_logprobs).toHaveLength(expected.length);
    const second = chat.prompt_logprobs[1]!;
    expect(second[String(expected[1]!.id)]?.logprob).toBeCloseTo(expected[1]!.logprob, 12);
    expect(chat.choices[0]!.logprobs).toBeNull();
  });

  it("chat prompt_logprobs does not widen the generated tokens' top_logprobs", async () => {
    const chat = (await client.chat.completions.create({
      model: "fake-bigram",
      messages: [{ role: "user", content: " the" }],
      max_tokens: 1,
      temperature: 0,
      logprobs: true,
      top_logprobs: 1,
      prompt_logprobs: 3,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming)) as OpenAI.ChatCompletion;
    expect(chat.choices[0]!.logprobs!.content![0]!.top_logprobs).toHaveLength(1);
  });

  it("chat prompt_logprobs with stream is refused naming the field", async () => {
    const app = createApp({ models: createEchoFakeModel(), log: () => {} });
    const response = await postJson(app, "/v1/chat/completions", {
      messages: [{ role: "user", content: "x" }],
      stream: true,
      prompt_logprobs: 1,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "prompt_logprobs" } });
  });

  it("return_tokens_as_token_ids writes token_id:<id> in chat and completions logprobs", async () => {
    const expected = greedyOracle(" on", 2, 2);
    const chat = await client.chat.completions.create({
      model: "fake-bigram",
      messages: [{ role: "user", content: " on" }],
      max_tokens: 2,
      temperature: 0,
      logprobs: true,
      top_logprobs: 2,
      return_tokens_as_token_ids: true,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const first = chat.choices[0]!.logprobs!.content![0]!;
    expect(first.token).toBe(`token_id:${expected[0]!.id}`);
    expect(first.bytes).toEqual([...Buffer.from(`token_id:${expected[0]!.id}`)]);
    expect(first.top_logprobs[0]!.token).toMatch(/^token_id:\d+$/);
    const completion = await client.completions.create({
      model: "fake-bigram",
      prompt: " on",
      max_tokens: 2,
      temperature: 0,
      logprobs: 2,
      return_tokens_as_token_ids: true,
    } as OpenAI.CompletionCreateParamsNonStreaming);
    const logprobs = completion.choices[0]!.logprobs!;
    expect(logprobs.tokens).toEqual(expected.map((token) => `token_id:${token.id}`));
    expect(Object.keys(logprobs.top_logprobs![0]!)).toContain(`token_id:${expected[0]!.id}`);
  });

  it("logprobs above 20 are allowed up to --max-logprobs; the model's own limit still applies", async () => {
    const strict = createApp({ models: createEchoFakeModel(), log: () => {} });
    const refused = await postJson(strict, "/v1/completions", { prompt: "x", logprobs: 21 });
    expect(await refused.json()).toMatchObject({
      error: { param: "logprobs", message: expect.stringMatching(/0 to 20/) },
    });
    const wide = createApp({ models: createEchoFakeModel(), log: () => {}, maxLogprobs: 50 });
    const model = await postJson(wide, "/v1/completions", { prompt: "x", logprobs: 21 });
    expect(await model.json()).toMatchObject({ error: { message: expect.stringMatching(/at most 12/) } });
    const allowed = await postJson(wide, "/v1/chat/completions", {
      messages: [{ role: "user", content: " the" }],
      max_tokens: 1,
      logprobs: true,
      top_logprobs: 12,
    });
    expect(allowed.status).toBe(200);
  });

  it("/tokenizer_info answers vLLM's tokenizer_class and the context length", async () => {
    const response = await fetch(`${server.url}/tokenizer_info`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ tokenizer_class: "fake", model_max_length: 64 });
    expect(typeof body.model).toBe("string");
  });
});
