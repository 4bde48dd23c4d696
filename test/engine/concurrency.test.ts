/**
 * Concurrent requests on `parallel` context sequences: each request gets a clean sequence (its
 * numbers equal those of the same request run alone), requests beyond `parallel` wait their turn
 * in arrival order, and a request cancelled while waiting rejects with CancelledError.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError } from "../../src/core/errors.js";
import type { GenerateResult } from "../../src/core/model.js";
import type { EngineModel } from "../../src/engine/index.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

describe.skipIf(!requireTestModel())("concurrency (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine({ parallel: 2 });
  });
  afterAll(async () => {
    await model.close();
  });

  it("serves more requests than sequences, each as if alone", async () => {
    const prompts = ["Once upon a time", "The dog", "Lily and Tom", "One day"];
    const alone: GenerateResult[] = [];
    for (const prompt of prompts) alone.push(await model.generate({ prompt, maxTokens: 10, topLogprobs: 2 }));
    const together = await Promise.all(
      prompts.map((prompt) => model.generate({ prompt, maxTokens: 10, topLogprobs: 2 })),
    );
    together.forEach((result, index) => {
      expect(result.text).toBe(alone[index]!.text);
      result.sequence.tokens.forEach((token, position) => {
        expect(token.logprob).toBeCloseTo(alone[index]!.sequence.tokens[position]!.logprob!, 3);
      });
    });
  });

  it("rejects a waiting request whose signal aborts, and keeps serving the others", async () => {
    const first = model.generate({ prompt: "Once upon a time", maxTokens: 30 });
    const second = model.generate({ prompt: "The dog", maxTokens: 30 });
    const controller = new AbortController();
    const third = model.generate({ prompt: "One day", maxTokens: 30, signal: controller.signal });
    controller.abort();
    await expect(third).rejects.toBeInstanceOf(CancelledError);
    const [a, b] = await Promise.all([first, second]);
    expect(a.sequence.tokens).toHaveLength(30);
    expect(b.sequence.tokens).toHaveLength(30);
    const after = await model.generate({ prompt: "One day", maxTokens: 3 });
    expect(after.sequence.tokens).toHaveLength(3);
  });
});
