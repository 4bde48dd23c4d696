/**
 * SGLang's native `/generate` over the fake bigram model, in the shapes transcribed from
 * sgl-project/sglang python/sglang/srt/managers/tokenizer_manager.py (`[logprob, token_id, text]`
 * triples in `meta_info`) and python/sglang/srt/entrypoints/http_server.py (errors, `[DONE]`).
 * Numbers: the fake's closed-form oracle, and /v1/completions' for the same request, exactly.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/server/index.js";
import { createEchoFakeModel } from "../echo-fake-model.js";
import { greedyOracle, promptOracle } from "../oracle.js";
import { postJson, sseData } from "../request.js";

const app = createApp({ models: createEchoFakeModel(), log: () => {} });

type Triple = [number | null, number, string | null];
interface Answer {
  text: string;
  output_ids: number[];
  meta_info: Record<string, unknown> & {
    output_token_logprobs: Triple[];
    output_top_logprobs: Triple[][];
    input_token_logprobs: Triple[];
  };
}

const body = {
  text: " the cat on",
  sampling_params: { max_new_tokens: 2, temperature: 0 },
  return_logprob: true,
  top_logprobs_num: 2,
  logprob_start_len: 0,
  return_text_in_logprobs: true,
};

describe("SGLang /generate", () => {
  it("answers text, output_ids and meta_info triples equal to the oracle and /v1/completions", async () => {
    const response = await postJson(app, "/generate", body);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(Object.keys(answer)).toEqual(["text", "output_ids", "meta_info"]);
    expect(Object.keys(answer.meta_info)).toEqual([
      "id",
      "finish_reason",
      "prompt_tokens",
      "input_token_logprobs",
      "output_token_logprobs",
      "input_top_logprobs",
      "output_top_logprobs",
      "completion_tokens",
      "e2e_latency",
    ]);
    const expected = greedyOracle(" the cat on", 2, 2);
    expect(answer.output_ids).toEqual(expected.map((token) => token.id));
    expect(answer.meta_info.output_token_logprobs.map((entry) => entry[2])).toEqual(
      expected.map((token) => token.token),
    );
    expect(answer.meta_info.output_top_logprobs[0]!.map((entry) => entry[2])).toEqual(
      expected[0]!.top.map((top) => top.token),
    );
    const prompt = promptOracle(" the cat on", 2);
    expect(answer.meta_info.input_token_logprobs.map((entry) => entry[1])).toEqual(
      prompt.map((token) => token.id),
    );
    expect(answer.meta_info.input_token_logprobs[1]![0]).toBeCloseTo(prompt[1]!.logprob, 12);
    const openai = await postJson(app, "/v1/completions", {
      prompt: " the cat on",
      max_tokens: 2,
      temperature: 0,
      logprobs: 2,
    });
    const reference = ((await openai.json()) as { choices: { logprobs: { token_logprobs: number[] } }[] })
      .choices[0]!;
    expect(answer.meta_info.output_token_logprobs.map((entry) => entry[0])).toEqual(
      reference.logprobs.token_logprobs,
    );
    expect(answer.meta_info.finish_reason).toEqual({ type: "length", length: 2 });
  });

  it("without return_text_in_logprobs the text slot is null; logprob_start_len -1 gives no prompt tokens", async () => {
    const response = await postJson(app, "/generate", {
      text: " on",
      sampling_params: { max_new_tokens: 1, temperature: 0 },
      return_logprob: true,
    });
    const answer = (await response.json()) as Answer;
    expect(answer.meta_info.output_token_logprobs[0]![2]).toBeNull();
    expect(answer.meta_info.input_token_logprobs).toEqual([]);
    expect(answer.meta_info.output_top_logprobs).toBeUndefined();
  });

  it("streams cumulative chunks, the final answer, then [DONE]", async () => {
    const response = await postJson(app, "/generate", { ...body, stream: true });
    const text = await response.text();
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    const chunks = sseData(text) as Answer[];
    expect(chunks).toHaveLength(3);
    expect(chunks[0]!.meta_info.output_token_logprobs).toHaveLength(1);
    expect(chunks[1]!.meta_info.output_token_logprobs).toHaveLength(2);
    expect(chunks[0]!.meta_info.finish_reason).toBeNull();
    const whole = (await (await postJson(app, "/generate", body)).json()) as Answer;
    expect(chunks[2]!.text).toBe(whole.text);
    expect(chunks[2]!.meta_info.output_token_logprobs).toEqual(whole.meta_info.output_token_logprobs);
  });

  it("bad requests get SGLang's {error: {message}} with 400", async () => {
    const unknownSampling = await postJson(app, "/generate", {
      text: "x",
      sampling_params: { max_new_tokens: 1, foo: 1 },
    });
    expect(unknownSampling.status).toBe(400);
    expect(await unknownSampling.json()).toEqual({ error: { message: expect.stringMatching(/foo/) } });
    const both = await postJson(app, "/generate", { text: "x", input_ids: [2] });
    expect(await both.json()).toEqual({
      error: { message: expect.stringMatching(/exactly one of text or input_ids/) },
    });
    const ids = await postJson(app, "/generate", { text: "x", token_ids_logprob: [3] });
    expect(await ids.json()).toEqual({ error: { message: expect.stringMatching(/token_ids_logprob/) } });
    const ignored = await postJson(app, "/generate", {
      text: " on",
      sampling_params: { max_new_tokens: 1 },
      whatever: 1,
    });
    expect(ignored.status).toBe(200);
  });
});
