/**
 * The official `openai` npm client against a running server (127.0.0.1, a free port) over the
 * fake bigram model: completions and chat, non-streaming and streaming, echo scoring, and the
 * client's typed errors for our statuses. Oracle: the closed-form table in ./oracle.ts.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { createEchoFakeModel } from "./echo-fake-model.js";
import { greedyOracle, promptOracle } from "./oracle.js";

let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startServer({
    models: createEchoFakeModel(),
    port: 0,
    host: "127.0.0.1",
    apiKey: "test-key",
    log: () => {},
  });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "test-key", maxRetries: 0 });
});

afterAll(async () => {
  await server.close(1000);
});

describe("openai client against the server", () => {
  it("lists models", async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(["fake-bigram"]);
  });

  it("completions: the seed example", async () => {
    const prompt = "The quick brown fox jumps over the";
    const completion = await client.completions.create({
      model: "fake-bigram",
      prompt,
      max_tokens: 10,
      logprobs: 5,
      temperature: 0,
    });
    const expected = greedyOracle(prompt, 10, 5);
    const logprobs = completion.choices[0]!.logprobs!;
    expect(logprobs.tokens).toEqual(expected.map((token) => token.token));
    expect(logprobs.token_logprobs![0]).toBeCloseTo(expected[0]!.logprob, 12);
    expect(Object.keys(logprobs.top_logprobs![0]!)).toHaveLength(5);
  });

  it("completions: echo scoring sums the continuation's logprobs", async () => {
    const context = " the cat";
    const continuation = " sat on";
    const completion = await client.completions.create({
      model: "fake-bigram",
      prompt: context + continuation,
      echo: true,
      logprobs: 1,
      max_tokens: 0,
      temperature: 0,
    });
    const expected = promptOracle(context + continuation, 1);
    const contextTokens = promptOracle(context, 0).length;
    const logprobs = completion.choices[0]!.logprobs!.token_logprobs!;
    const sum = logprobs.slice(contextTokens).reduce((total, value) => total + value!, 0);
    const expectedSum = expected.slice(contextTokens).reduce((total, token) => total + token.logprob, 0);
    expect(sum).toBeCloseTo(expectedSum, 12);
  });

  it("completions: streaming gives the same tokens and logprobs", async () => {
    const request = { model: "fake-bigram", prompt: " on", max_tokens: 10, logprobs: 2, temperature: 0 };
    const whole = await client.completions.create(request);
    const stream = await client.completions.create({ ...request, stream: true });
    const tokens: string[] = [];
    const values: (number | null)[] = [];
    let text = "";
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.text;
      tokens.push(...(choice.logprobs?.tokens ?? []));
      values.push(...(choice.logprobs?.token_logprobs ?? []));
    }
    expect(text).toBe(whole.choices[0]!.text);
    expect(tokens).toEqual(whole.choices[0]!.logprobs!.tokens);
    expect(values).toEqual(whole.choices[0]!.logprobs!.token_logprobs);
  });

  it("chat: logprobs and top_logprobs, non-streaming and streaming", async () => {
    const request = {
      model: "fake-bigram",
      messages: [{ role: "user" as const, content: " mat" }],
      logprobs: true,
      top_logprobs: 2,
      max_tokens: 5,
      temperature: 0,
    };
    const whole = await client.chat.completions.create(request);
    const expected = greedyOracle(" mat", 5, 2);
    const content = whole.choices[0]!.logprobs!.content!;
    expect(content.map((token) => token.token)).toEqual(expected.map((token) => token.token));
    content.forEach((token, index) => {
      expect(token.logprob).toBeCloseTo(expected[index]!.logprob, 12);
      expect(token.top_logprobs).toHaveLength(2);
    });
    const stream = await client.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    const streamed: OpenAI.Chat.Completions.ChatCompletionTokenLogprob[] = [];
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (chunk.usage) usage = chunk.usage;
      if (!choice) continue;
      text += choice.delta.content ?? "";
      if (choice.delta.content) expect(choice.logprobs?.content?.length).toBe(1);
      streamed.push(...(choice.logprobs?.content ?? []));
    }
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(streamed).toEqual(content);
    expect(usage).toEqual(whole.usage);
  });

  it("maps our statuses to the client's typed errors", async () => {
    await expect(client.completions.create({ model: "nope", prompt: "x" })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    await expect(
      client.completions.create({ model: "fake-bigram", prompt: "x", logprobs: 99 }),
    ).rejects.toMatchObject({ status: 400, param: "logprobs", type: "invalid_request_error" });
    const wrongKey = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "wrong", maxRetries: 0 });
    await expect(wrongKey.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
