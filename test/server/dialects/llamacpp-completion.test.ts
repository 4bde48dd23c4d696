/**
 * llama.cpp's native `/completion` over the fake bigram model: the shape of
 * `to_json_non_oaicompat` (tools/server/server-task.cpp), read back by logprobe's own llama-server
 * parser (src/wire/llama-server-completion.ts), numbers equal to /v1/completions' exactly;
 * streamed SSE events without `[DONE]`; `post_sampling_probs` as linear probabilities; echo as
 * `prompt_probabilities`; stop_type from the end of generation.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/server/index.js";
import {
  fromLlamaServerCompletionResponse,
  fromLlamaServerCompletionStream,
} from "../../../src/wire/index.js";
import { createEchoFakeModel } from "../echo-fake-model.js";
import { greedyOracle, promptOracle } from "../oracle.js";
import { postJson, sseData } from "../request.js";

const app = createApp({ models: createEchoFakeModel(), log: () => {} });

const request = { prompt: " on", n_predict: 2, n_probs: 3, temperature: 0 };

describe("llama.cpp /completion", () => {
  it("answers upstream's keys, and the numbers of /v1/completions exactly", async () => {
    const response = await postJson(app, "/completion", request);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "index",
      "content",
      "tokens",
      "id_slot",
      "stop",
      "model",
      "tokens_predicted",
      "tokens_evaluated",
      "generation_settings",
      "prompt",
      "has_new_line",
      "truncated",
      "stop_type",
      "stopping_word",
      "tokens_cached",
      "timings",
      "completion_probabilities",
    ]);
    const entries = body.completion_probabilities as {
      id: number;
      token: string;
      bytes: number[];
      logprob: number;
      top_logprobs: unknown[];
    }[];
    expect(Object.keys(entries[0]!)).toEqual(["id", "token", "bytes", "logprob", "top_logprobs"]);
    expect(Object.keys(entries[0]!.top_logprobs[0] as object)).toEqual(["id", "token", "bytes", "logprob"]);
    const expected = greedyOracle(" on", 2, 3);
    expect(entries.map((entry) => entry.token)).toEqual(expected.map((token) => token.token));
    expect(entries.map((entry) => entry.id)).toEqual(expected.map((token) => token.id));
    const openai = await postJson(app, "/v1/completions", {
      prompt: " on",
      max_tokens: 2,
      logprobs: 3,
      temperature: 0,
    });
    const logprobs = ((await openai.json()) as { choices: { logprobs: { token_logprobs: number[] } }[] })
      .choices[0]!.logprobs;
    expect(entries.map((entry) => entry.logprob)).toEqual(logprobs.token_logprobs);
    const parsed = fromLlamaServerCompletionResponse(body);
    expect(parsed.tokens.map((token) => token.logprob)).toEqual(logprobs.token_logprobs);
    expect(body.stop_type).toBe("limit");
    expect(body.tokens_predicted).toBe(2);
  });

  it("streams one event per token, then the final object, and no [DONE]", async () => {
    const response = await postJson(app, "/completion", { ...request, stream: true });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await response.text();
    expect(text).not.toContain("[DONE]");
    const events = sseData(text) as { stop: boolean; content: string }[];
    expect(events.filter((event) => !event.stop)).toHaveLength(2);
    expect(events.at(-1)?.stop).toBe(true);
    const whole = (await (await postJson(app, "/completion", request)).json()) as { content: string };
    expect(events.map((event) => event.content).join("")).toBe(whole.content);
    const parsed = fromLlamaServerCompletionStream(events);
    expect(parsed.tokens.map((token) => token.token)).toEqual(greedyOracle(" on", 2, 3).map((t) => t.token));
  });

  it("post_sampling_probs gives prob and top_probs (exp of the processed logprobs)", async () => {
    const model = createEchoFakeModel();
    const processed = {
      ...model,
      capabilities: { ...model.capabilities, logprobsModes: ["raw", "processed"] as const },
    };
    const local = createApp({ models: processed, log: () => {} });
    const response = await postJson(local, "/completion", { ...request, post_sampling_probs: true });
    const body = (await response.json()) as { completion_probabilities: Record<string, unknown>[] };
    const first = body.completion_probabilities[0]!;
    expect(Object.keys(first)).toEqual(["id", "token", "bytes", "prob", "top_probs"]);
    expect(first.prob).toBeCloseTo(Math.exp(greedyOracle(" on", 1, 1)[0]!.logprob), 12);
  });

  it("post_sampling_probs is refused for a model without the processed distribution", async () => {
    const response = await postJson(app, "/completion", { ...request, post_sampling_probs: true });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, type: "invalid_request_error" } });
  });

  it("echo: prompt_probabilities of the prompt tokens that have a logprob, as the oracle scores them", async () => {
    const response = await postJson(app, "/completion", {
      prompt: " the cat sat",
      n_predict: 0,
      n_probs: 2,
      echo: true,
    });
    const body = (await response.json()) as { prompt_probabilities: { token: string; logprob: number }[] };
    const expected = promptOracle(" the cat sat", 2);
    expect(body.prompt_probabilities.map((entry) => entry.token)).toEqual(
      expected.map((token) => token.token),
    );
    expect(body.prompt_probabilities[1]!.logprob).toBeCloseTo(expected[1]!.logprob, 12);
  });

  it("stop_type eos when the model ended the text", async () => {
    const response = await postJson(app, "/completion", { prompt: " the cat", n_predict: 6, temperature: 0 });
    const body = (await response.json()) as { stop_type: string; stopping_word: string; content: string };
    expect(body).toMatchObject({
      content: greedyOracle(" the cat", 6, 0)[0]!.token,
      stop_type: "eos",
      stopping_word: "",
    });
  });

  it("/props and /slots describe the server", async () => {
    const props = (await (await app.request("/props")).json()) as Record<string, unknown>;
    expect(props).toMatchObject({
      total_slots: 2,
      model_alias: "fake-bigram",
      default_generation_settings: { n_ctx: 64 },
    });
    const slots = (await (await app.request("/slots")).json()) as unknown[];
    expect(slots).toEqual([
      { id: 0, n_ctx: 64, speculative: false, is_processing: false },
      { id: 1, n_ctx: 64, speculative: false, is_processing: false },
    ]);
  });

  it("/tokenize with_pieces answers {id, piece} per token; /detokenize gives the text back", async () => {
    const response = await postJson(app, "/tokenize", { content: " the cat", with_pieces: true });
    const body = (await response.json()) as { tokens: { id: number; piece: string }[] };
    expect(body.tokens).toEqual([
      { id: 2, piece: " the" },
      { id: 3, piece: " cat" },
    ]);
    const back = await postJson(app, "/detokenize", { tokens: [2, 3] });
    expect(await back.json()).toMatchObject({ content: " the cat" });
  });
});
