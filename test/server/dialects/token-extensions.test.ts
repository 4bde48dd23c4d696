/**
 * logprobe's `logprobe_extensions` in the Ollama, llama.cpp and SGLang dialects: each generated
 * token's entry carries `entropy` (nats) and `rank`; off by default, so the dialect's own keys
 * stay exact. Oracle: the entropy -sum p ln p of the fake model's closed-form distribution.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/server/index.js";
import { fakeLogprobs, fakeTokenize } from "../../helpers/fake-model.js";
import { createEchoFakeModel } from "../echo-fake-model.js";
import { postJson } from "../request.js";

const app = createApp({ models: createEchoFakeModel(), log: () => {} });

/** Entropy of the fake's next-token distribution after the prompt's last token. */
function entropyAfter(prompt: string): number {
  const previous = [0, ...fakeTokenize(prompt)].at(-1)!;
  return -fakeLogprobs(previous).reduce((sum, logprob) => sum + Math.exp(logprob) * logprob, 0);
}

describe("logprobe_extensions", () => {
  const expected = entropyAfter(" on");

  it("Ollama entries carry entropy and rank only when asked", async () => {
    const request = {
      model: "fake-bigram",
      prompt: " on",
      raw: true,
      stream: false,
      logprobs: true,
      options: { num_predict: 1, temperature: 0 },
    };
    const plain = (await (await postJson(app, "/api/generate", request)).json()) as {
      logprobs: Record<string, unknown>[];
    };
    expect(Object.keys(plain.logprobs[0]!)).toEqual(["token", "logprob", "bytes"]);
    const extended = (await (
      await postJson(app, "/api/generate", { ...request, logprobe_extensions: true })
    ).json()) as {
      logprobs: { entropy: number; rank: number }[];
    };
    expect(extended.logprobs[0]!.entropy).toBeCloseTo(expected, 12);
    expect(extended.logprobs[0]!.rank).toBe(1);
  });

  it("llama.cpp entries and SGLang triples carry them too", async () => {
    const llama = (await (
      await postJson(app, "/completion", {
        prompt: " on",
        n_predict: 1,
        n_probs: 1,
        temperature: 0,
        logprobe_extensions: true,
      })
    ).json()) as { completion_probabilities: { entropy: number; rank: number }[] };
    expect(llama.completion_probabilities[0]!.entropy).toBeCloseTo(expected, 12);
    const sglang = (await (
      await postJson(app, "/generate", {
        text: " on",
        sampling_params: { max_new_tokens: 1, temperature: 0 },
        return_logprob: true,
        logprobe_extensions: true,
      })
    ).json()) as {
      meta_info: { output_token_logprobs: [number, number, null, { entropy: number; rank: number }][] };
    };
    expect(sglang.meta_info.output_token_logprobs[0]![3]!.entropy).toBeCloseTo(expected, 12);
    expect(sglang.meta_info.output_token_logprobs[0]![3]!.rank).toBe(1);
  });
});
