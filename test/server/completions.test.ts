/**
 * `POST /v1/completions` through `app.request()` with the fake bigram model. Oracle: the model's
 * closed-form log-softmax table, recomputed in ./oracle.ts (greedy path and prompt scoring).
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/index.js";
import { createEchoFakeModel } from "./echo-fake-model.js";
import { greedyOracle, promptOracle } from "./oracle.js";
import { postJson, sseData } from "./request.js";

const app = createApp({ models: createEchoFakeModel(), log: () => {} });

interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[];
  text_offset: number[];
}
interface Completion {
  object: string;
  model: string;
  choices: { text: string; index: number; logprobs: LegacyLogprobs | null; finish_reason: string | null }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

async function complete(body: unknown): Promise<Completion> {
  const response = await postJson(app, "/v1/completions", body);
  expect(response.status).toBe(200);
  return (await response.json()) as Completion;
}

function expectEqualLengths(logprobs: LegacyLogprobs): void {
  const n = logprobs.tokens.length;
  expect(logprobs.token_logprobs).toHaveLength(n);
  expect(logprobs.top_logprobs).toHaveLength(n);
  expect(logprobs.text_offset).toHaveLength(n);
}

describe("POST /v1/completions", () => {
  it("answers the seed example (max_tokens 10, logprobs 5) in OpenAI's legacy shape", async () => {
    const prompt = "The quick brown fox jumps over the";
    const body = await complete({
      model: "fake-bigram",
      prompt,
      max_tokens: 10,
      logprobs: 5,
      temperature: 0,
    });
    const expected = greedyOracle(prompt, 10, 5);
    const choice = body.choices[0]!;
    expect(body.object).toBe("text_completion");
    expect(choice.text).toBe(expected.map((token) => token.token).join(""));
    expect(choice.finish_reason).toBe("stop");
    const logprobs = choice.logprobs!;
    expectEqualLengths(logprobs);
    expect(logprobs.tokens).toEqual(expected.map((token) => token.token));
    logprobs.token_logprobs.forEach((value, index) => {
      expect(value).toBeCloseTo(expected[index]!.logprob, 12);
    });
    logprobs.top_logprobs.forEach((top, index) => {
      expect(Object.keys(top!)).toEqual(expected[index]!.top.map((alternative) => alternative.token));
      for (const alternative of expected[index]!.top) {
        expect(top![alternative.token]).toBeCloseTo(alternative.logprob, 12);
      }
    });
    // Without echo, OpenAI's offsets count from the start of the prompt.
    expect(logprobs.text_offset[0]).toBe(prompt.length);
    expect(body.usage.completion_tokens).toBe(expected.length);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("scores the prompt with echo and max_tokens 0, as lm-evaluation-harness asks", async () => {
    const prompt = " the cat sat on the mat";
    const body = await complete({ prompt, echo: true, logprobs: 1, max_tokens: 0, temperature: 0 });
    const expected = promptOracle(prompt, 1);
    const choice = body.choices[0]!;
    expect(choice.text).toBe(prompt);
    expect(choice.finish_reason).toBe("length");
    const logprobs = choice.logprobs!;
    expectEqualLengths(logprobs);
    expect(logprobs.tokens).toEqual(expected.map((token) => token.token));
    expect(logprobs.token_logprobs[0]).toBeNull();
    expect(logprobs.top_logprobs[0]).toBeNull();
    for (let index = 1; index < expected.length; index++) {
      expect(logprobs.token_logprobs[index]).toBeCloseTo(expected[index]!.logprob, 12);
      // OpenAI's legacy rule: the top 1, plus the prompt token itself when it is not the top 1
      // ("up to logprobs+1 elements").
      const top = expected[index]!.top[0]!;
      const listed: Record<string, number> = { [top.token]: top.logprob };
      if (top.token !== expected[index]!.token) listed[expected[index]!.token] = expected[index]!.logprob;
      const got = logprobs.top_logprobs[index]!;
      expect(Object.keys(got)).toEqual(Object.keys(listed));
      for (const [token, logprob] of Object.entries(listed)) expect(got[token]).toBeCloseTo(logprob, 12);
    }
    expect(logprobs.text_offset).toEqual([0, 4, 8, 12, 15, 19]);
    expect(body.usage.completion_tokens).toBe(0);
  });

  it("with echo and max_tokens 1 puts the generated token last (lm-eval slices [ctxlen:-1])", async () => {
    const prompt = " the cat";
    const body = await complete({
      prompt,
      echo: true,
      logprobs: 1,
      max_tokens: 1,
      temperature: 0,
      seed: 1234,
    });
    const logprobs = body.choices[0]!.logprobs!;
    const expectedPrompt = promptOracle(prompt, 1);
    const expectedNext = greedyOracle(prompt, 1, 1);
    expect(logprobs.tokens).toEqual([...expectedPrompt, ...expectedNext].map((token) => token.token));
    const continuation = logprobs.token_logprobs.slice(1, -1) as number[];
    const sum = continuation.reduce((total, value) => total + value, 0);
    expect(sum).toBeCloseTo(expectedPrompt[1]!.logprob, 12);
    expect(body.choices[0]!.text).toBe(prompt + expectedNext[0]!.token);
    expect(logprobs.text_offset.at(-1)).toBe(prompt.length);
  });

  it("accepts token-id prompts (lm-eval's tokenized_requests) that round-trip, with the same numbers as text", async () => {
    const text = await complete({ prompt: [" the cat sat", " mat"], echo: true, logprobs: 1, max_tokens: 0 });
    // Token ids of the fake vocabulary: " the"=2, " cat"=3, " sat"=4, " mat"=6.
    const ids = await complete({ prompt: [[2, 3, 4], [6]], echo: true, logprobs: 1, max_tokens: 0 });
    expect(ids.choices).toEqual(text.choices);
    const single = await complete({ prompt: [2, 3, 4], echo: true, logprobs: 1, max_tokens: 0 });
    expect(single.choices[0]).toEqual(text.choices[0]);
  });

  it("orders choices prompt by prompt, n per prompt, and counts prompt tokens once per prompt", async () => {
    const body = await complete({ prompt: [" on", " mat"], n: 2, max_tokens: 2, temperature: 0 });
    expect(body.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
    expect(body.choices.map((choice) => choice.text)).toEqual([". the", ". the", " fast cat", " fast cat"]);
    expect(body.choices.every((choice) => choice.logprobs === null)).toBe(true);
    // Prompt tokens: BOS + one token, for each of the two prompts.
    expect(body.usage.prompt_tokens).toBe(4);
    expect(body.usage.completion_tokens).toBe(8);
  });

  it("returns vLLM-style prompt_logprobs keyed by token id", async () => {
    const prompt = " the cat";
    const response = await postJson(app, "/v1/completions", { prompt, max_tokens: 1, prompt_logprobs: 2 });
    const body = (await response.json()) as { choices: { prompt_logprobs: unknown[] }[] };
    const expected = promptOracle(prompt, 2);
    const entries = body.choices[0]!.prompt_logprobs;
    expect(entries[0]).toBeNull();
    const second = entries[1] as Record<
      string,
      { logprob: number; rank: number | null; decoded_token: string }
    >;
    expect(second["3"]!.decoded_token).toBe(" cat");
    expect(second["3"]!.logprob).toBeCloseTo(expected[1]!.logprob, 12);
    expect(Object.values(second).map((entry) => entry.decoded_token)).toContain(expected[1]!.top[0]!.token);
  });

  it("streams one chunk per token whose logprobs join to the non-streamed answer", async () => {
    const request = { prompt: " on", max_tokens: 10, logprobs: 3, temperature: 0 };
    const whole = await complete(request);
    const response = await postJson(app, "/v1/completions", {
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const chunks = sseData(text) as (Omit<Completion, "usage"> & { usage: Completion["usage"] | null })[];
    const tokenChunks = chunks.filter((chunk) => chunk.choices[0]?.logprobs);
    const joined = {
      tokens: tokenChunks.flatMap((chunk) => chunk.choices[0]!.logprobs!.tokens),
      token_logprobs: tokenChunks.flatMap((chunk) => chunk.choices[0]!.logprobs!.token_logprobs),
      top_logprobs: tokenChunks.flatMap((chunk) => chunk.choices[0]!.logprobs!.top_logprobs),
      text_offset: tokenChunks.flatMap((chunk) => chunk.choices[0]!.logprobs!.text_offset),
    };
    expect(joined).toEqual(whole.choices[0]!.logprobs);
    const streamedText = chunks.map((chunk) => chunk.choices[0]?.text ?? "").join("");
    expect(streamedText).toBe(whole.choices[0]!.text);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(["stop"]);
    expect(chunks.at(-1)!.usage).toEqual(whole.usage);
  });

  it("streams echo: the prompt chunk first, then the tokens", async () => {
    const prompt = " mat";
    const response = await postJson(app, "/v1/completions", {
      prompt,
      echo: true,
      logprobs: 0,
      max_tokens: 2,
      stream: true,
    });
    const chunks = sseData(await response.text()) as Completion[];
    expect(chunks.map((chunk) => chunk.choices[0]!.text)).toEqual([prompt, " fast", " cat", ""]);
    expect(chunks[0]!.choices[0]!.logprobs!.token_logprobs).toEqual([null]);
    expect(chunks[1]!.choices[0]!.logprobs!.text_offset).toEqual([prompt.length]);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("length");
  });
});
