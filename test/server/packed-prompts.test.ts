/**
 * A `/v1/completions` request with a list of prompts (as lm-evaluation-harness sends its
 * loglikelihood requests: echo, max_tokens 0) on a local model with 4 sequences: the prompts are
 * scored together, packed into shared decodes. Oracle: the same request on a one-sequence model
 * (every prompt decoded alone), within 1e-4 nats (scoring; measured 0 here).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { createApp } from "../../src/server/create-app.js";
import { loadNativeTestEngine, type NativeTestEngine } from "../engine/load-test-engine.js";
import { requireTestModel } from "../helpers/test-model.js";

const PROMPTS = [
  "Once upon a time, there was a little girl named Lily.",
  "She loved to play outside in the park with her friends.",
  "One day, she saw a big, red ball under a tree.",
  "The sun was shining and the birds were singing.",
];

interface Completion {
  choices: { index: number; logprobs: { token_logprobs: (number | null)[] } }[];
}

async function complete(model: EngineModel): Promise<Completion> {
  const app = createApp({ models: model, log: () => {} });
  const response = await app.request("/v1/completions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: model.id, prompt: PROMPTS, echo: true, max_tokens: 0, logprobs: 1 }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Completion;
}

describe.skipIf(!requireTestModel())("a list of prompts on a local model (stories260K)", () => {
  let alone: NativeTestEngine;
  let packed: NativeTestEngine;
  beforeAll(async () => {
    alone = await loadNativeTestEngine(1);
    packed = await loadNativeTestEngine(4);
  });
  afterAll(async () => {
    await alone?.model.close();
    await packed?.model.close();
  });

  it("scores the prompts together in fewer decodes, with each prompt's numbers as alone", async () => {
    const decodesBefore = packed.decodes();
    const together = await complete(packed.model);
    const decodes = packed.decodes() - decodesBefore;
    const one = await complete(alone.model);
    expect(decodes).toBeLessThan(PROMPTS.length);
    expect(together.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
    for (const [index, choice] of together.choices.entries()) {
      const expected = one.choices[index]!.logprobs.token_logprobs;
      const got = choice.logprobs.token_logprobs;
      expect(got.length).toBe(expected.length);
      for (const [position, value] of got.entries()) {
        if (value === null) expect(expected[position]).toBeNull();
        else expect(Math.abs(value - expected[position]!)).toBeLessThan(1e-4);
      }
    }
  });
});
