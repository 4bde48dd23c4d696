/**
 * The server over the real engine (stories260K.gguf): the official `openai` client against a
 * running server, and the server's logprobs checked against the engine's for the same request.
 * Oracles: the engine called directly (same process, same batch shapes: exact equality), and
 * llama-server's top-5 after "Once upon a time" recorded in ../shared/notes/peers.md (1e-3).
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogprobModel } from "../../src/core/model.js";
import { type RunningServer, startServer } from "../../src/server/node.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

describe.skipIf(!requireTestModel())("server over the engine", () => {
  let model: LogprobModel;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    const { loadModel } = await import("../../src/engine/index.js");
    model = await loadModel({ model: testModelPath, parallel: 2, contextSize: 256, gpu: false });
    server = await startServer({
      models: model,
      port: 0,
      host: "127.0.0.1",
      maxConcurrent: 2,
      log: () => {},
    });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
  }, 60_000);

  afterAll(async () => {
    await server?.close(1000);
    await model?.close?.();
  });

  it("/health names the evaluator, device and CPU kernels that compute the model's numbers", async () => {
    const health = (await (await fetch(`${server.url}/health`)).json()) as {
      evaluators: { model: string; evaluator?: string; device?: string; cpu_kernels?: string }[];
    };
    expect(model.evaluator).toBeDefined();
    expect(health.evaluators).toEqual([
      expect.objectContaining({
        model: "stories260K.gguf",
        source: "engine",
        evaluator: model.evaluator!.name,
        device: "cpu",
        cpu_kernels: model.evaluator!.cpuKernels,
      }),
    ]);
    if (process.env.LOGPROBE_NATIVE !== "0") expect(health.evaluators[0]!.evaluator).toBe("native");
  });

  it("top-5 after 'Once upon a time' match llama-server's (peers.md)", async () => {
    const completion = await client.completions.create({
      model: model.id,
      prompt: "Once upon a time",
      max_tokens: 1,
      logprobs: 5,
      temperature: 0,
    });
    const top = completion.choices[0]!.logprobs!.top_logprobs![0]!;
    const reference: [string, number][] = [
      [",", -0.03178],
      [" there", -3.5473],
      [" in", -8.1195],
      [" on", -8.2435],
      ["ut", -8.6916],
    ];
    expect(Object.keys(top)).toEqual(reference.map(([token]) => token));
    for (const [token, logprob] of reference) expect(top[token]).toBeCloseTo(logprob, 2);
    expect(completion.choices[0]!.text).toBe(",");
  });

  it("echo scoring (max_tokens 0) equals the engine's prompt logprobs", async () => {
    const prompt = "Once upon a time there was a little girl";
    const completion = await client.completions.create({
      model: model.id,
      prompt,
      echo: true,
      logprobs: 3,
      max_tokens: 0,
      temperature: 0,
    });
    const direct = await model.generate({ prompt, echo: true, maxTokens: 0, topLogprobs: 3 });
    const expected = direct.prompt!.tokens;
    const logprobs = completion.choices[0]!.logprobs!;
    expect(completion.choices[0]!.text).toBe(prompt);
    expect(logprobs.tokens).toEqual(expected.map((token) => token.token));
    expect(logprobs.token_logprobs![0]).toBeNull();
    expect(logprobs.token_logprobs!.slice(1)).toEqual(expected.slice(1).map((token) => token.logprob));
    // The alternatives are the engine's, except that the chosen token's own entry carries exactly
    // the token's logprob (the engine's top-k is float32, its target logprob float64).
    expected.slice(1).forEach((token, index) => {
      const top = logprobs.top_logprobs![index + 1]!;
      expect(Object.keys(top)).toEqual(token.top.map((alternative) => alternative.token));
      for (const alternative of token.top) {
        const want = alternative.token === token.token ? token.logprob! : alternative.logprob;
        expect(top[alternative.token]).toBe(want);
        expect(top[alternative.token]).toBeCloseTo(alternative.logprob, 6);
      }
    });
    // Each token's offset points at its text in the prompt as sent (the engine's decoded prompt
    // starts with the space its SentencePiece tokenizer adds; the first token's is dropped).
    logprobs.tokens!.forEach((token, index) => {
      const offset = logprobs.text_offset![index]!;
      if (index === 0) expect(offset).toBe(0);
      else expect(prompt.slice(offset, offset + token.length)).toBe(token);
    });
    expect(completion.usage!.completion_tokens).toBe(0);
  });

  it("lm-evaluation-harness's local-completions loglikelihood request gives its is_greedy right", async () => {
    // lm-eval sends echo, logprobs 1, max_tokens 1, temperature 0, seed 1234 and reads
    // token_logprobs[ctxlen:-1]; is_greedy holds when each equals max(top_logprobs[i].values()).
    const context = "Once upon a time";
    const greedy = await model.generate({ prompt: context, maxTokens: 3, sampling: { temperature: 0 } });
    const tokenize = model.tokenize!.bind(model);
    const ctxlen = (await tokenize(context)).length;
    const completion = await client.completions.create({
      model: model.id,
      prompt: [context + greedy.text, `${context} zebra`],
      echo: true,
      logprobs: 1,
      max_tokens: 1,
      temperature: 0,
      seed: 1234,
    });
    const parsed = completion.choices.map((choice) => {
      const values = choice.logprobs!.token_logprobs!.slice(ctxlen, -1) as number[];
      const tops = choice.logprobs!.top_logprobs!.slice(ctxlen, -1) as Record<string, number>[];
      const isGreedy = values.every((value, index) => value === Math.max(...Object.values(tops[index]!)));
      return { sum: values.reduce((total, value) => total + value, 0), isGreedy };
    });
    expect(parsed[0]!.isGreedy).toBe(true);
    expect(parsed[0]!.sum).toBeCloseTo(
      greedy.sequence.tokens.reduce((total, token) => total + token.logprob!, 0),
      3,
    );
    expect(parsed[1]!.isGreedy).toBe(false);
    // With tokenized_requests, lm-eval sends the ids instead of the text: same numbers.
    const ids = await tokenize(context + greedy.text);
    const byIds = await client.completions.create({
      model: model.id,
      prompt: [ids],
      echo: true,
      logprobs: 1,
      max_tokens: 1,
      temperature: 0,
      seed: 1234,
    });
    expect(byIds.choices[0]!.logprobs).toEqual(completion.choices[0]!.logprobs);
  });

  it("generated logprobs equal the engine's, streaming and not", async () => {
    const prompt = "Once upon a time";
    const direct = await model.generate({
      prompt,
      maxTokens: 8,
      topLogprobs: 2,
      sampling: { temperature: 0 },
    });
    const completion = await client.completions.create({
      model: model.id,
      prompt,
      max_tokens: 8,
      logprobs: 2,
      temperature: 0,
    });
    const logprobs = completion.choices[0]!.logprobs!;
    expect(completion.choices[0]!.text).toBe(direct.text);
    expect(logprobs.token_logprobs).toEqual(direct.sequence.tokens.map((token) => token.logprob));
    const stream = await client.completions.create({
      model: model.id,
      prompt,
      max_tokens: 8,
      logprobs: 2,
      temperature: 0,
      stream: true,
    });
    const streamed: (number | null)[] = [];
    let text = "";
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? "";
      streamed.push(...(chunk.choices[0]?.logprobs?.token_logprobs ?? []));
    }
    expect(text).toBe(direct.text);
    expect(streamed).toEqual(logprobs.token_logprobs);
  });

  it("chat logprobs equal the engine's for the same messages, streaming and not", async () => {
    const messages = [{ role: "user" as const, content: "Tell me a story" }];
    const direct = await model.generate({
      messages,
      maxTokens: 8,
      topLogprobs: 2,
      sampling: { temperature: 0 },
    });
    const chat = await client.chat.completions.create({
      model: model.id,
      messages,
      max_tokens: 8,
      logprobs: true,
      top_logprobs: 2,
      temperature: 0,
    });
    const content = chat.choices[0]!.logprobs!.content!;
    expect(content.map((token) => token.logprob)).toEqual(
      direct.sequence.tokens.map((token) => token.logprob),
    );
    expect(content.map((token) => token.bytes)).toEqual(direct.sequence.tokens.map((token) => token.bytes));
    const stream = await client.chat.completions.create({
      model: model.id,
      messages,
      max_tokens: 8,
      logprobs: true,
      top_logprobs: 2,
      temperature: 0,
      stream: true,
    });
    const streamed: number[] = [];
    for await (const chunk of stream)
      streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []).map((token) => token.logprob));
    expect(streamed).toEqual(content.map((token) => token.logprob));
  });

  it("/v1/score equals the engine's score (the numbers logprobe score prints)", async () => {
    const input = "Once upon a time there was a little girl named Lily.";
    const direct = await model.score({ text: input, topLogprobs: 0 });
    const response = await fetch(`${server.url}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: model.id, input }),
    });
    const body = (await response.json()) as {
      tokens: { logprob: number | null }[];
      perplexity: number;
      bits_per_byte: number;
    };
    expect(body.tokens.map((token) => token.logprob)).toEqual(
      direct.sequence.tokens.map((token) => token.logprob),
    );
    expect(body.perplexity).toBe(direct.perplexity);
    expect(body.bits_per_byte).toBe(direct.bitsPerByte);
  });

  it("a prompt longer than the context is a clear 400 context_length_exceeded naming prompt", async () => {
    const prompt = "Once upon a time there was a little girl. ".repeat(40);
    await expect(
      client.completions.create({ model: model.id, prompt, max_tokens: 10, temperature: 0 }),
    ).rejects.toMatchObject({ status: 400, code: "context_length_exceeded", param: "prompt" });
  });

  it("serves two requests at once on separate sequences, with the same answers as one at a time", async () => {
    const request = {
      model: model.id,
      prompt: "Once upon a time",
      max_tokens: 6,
      logprobs: 1,
      temperature: 0,
    };
    const alone = await client.completions.create(request);
    const [a, b] = await Promise.all([
      client.completions.create(request),
      client.completions.create(request),
    ]);
    expect(a.choices[0]!.text).toBe(alone.choices[0]!.text);
    expect(b.choices[0]!.text).toBe(alone.choices[0]!.text);
    for (const result of [a, b]) {
      result.choices[0]!.logprobs!.token_logprobs!.forEach((value, index) => {
        expect(value).toBeCloseTo(alone.choices[0]!.logprobs!.token_logprobs![index]!, 3);
      });
    }
  });
});
