/**
 * Custom samplers (`GenerateRequest.sampler`) in the engine on stories260K. Oracles: the engine's own
 * greedy run (the confidence gate must return exactly its tokens before the first one under the
 * gate, with the same raw logprobs) and the engine's built-in seeded sampling (checked against
 * llama.cpp elsewhere): a settings sampler with the same seed must draw the same tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confidenceGate } from "../../src/core/sampling/confidence-gate.js";
import { settingsSampler } from "../../src/core/sampling/draw-with-settings.js";
import { entropyAdaptiveTemperature } from "../../src/core/sampling/entropy-adaptive-temperature.js";
import type { EngineModel } from "../../src/engine/index.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

const prompt = "Once upon a time";

describe.skipIf(!requireTestModel())("custom samplers in the engine (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model.close();
  });

  it("the confidence gate stops exactly at the first greedy token under the gate", async () => {
    const greedy = await model.generate({ prompt, maxTokens: 40 });
    const probabilities = greedy.sequence.tokens.map((token) => Math.exp(token.logprob as number));
    for (const gate of [0.95, 0.6, 0.3]) {
      const stopAt = probabilities.findIndex((probability) => probability < gate);
      const kept = stopAt < 0 ? greedy.sequence.tokens : greedy.sequence.tokens.slice(0, stopAt);
      const gated = await model.generate({ prompt, maxTokens: 40, sampler: confidenceGate(gate) });
      expect(gated.sequence.tokens.map((token) => token.id)).toEqual(kept.map((token) => token.id));
      gated.sequence.tokens.forEach((token, index) => {
        expect(token.logprob).toBeCloseTo(kept[index]?.logprob as number, 6); // float32 rounding of the argmax path
      });
      if (stopAt >= 0) {
        expect(gated.finishReason).toBe("stop");
        expect(gated.warnings.find((warning) => warning.code === "sampler-stopped")?.message).toContain(
          `token #${stopAt + 1} `,
        );
      }
    }
    // the first token "," has probability ~0.969 (models README): a 0.95 gate passes it
    expect(probabilities[0]).toBeGreaterThan(0.95);
  });

  it("a settings sampler draws the same tokens as the engine's built-in seeded sampling", async () => {
    for (const seed of [1, 2024]) {
      const settings = { temperature: 0.9, topK: 40, topP: 0.95 };
      const builtIn = await model.generate({ prompt, maxTokens: 24, sampling: { ...settings, seed } });
      const custom = await model.generate({
        prompt,
        maxTokens: 24,
        sampler: settingsSampler(settings),
        sampling: { seed },
      });
      expect(custom.sequence.tokens.map((token) => token.id)).toEqual(
        builtIn.sequence.tokens.map((token) => token.id),
      );
      expect(custom.text).toBe(builtIn.text);
      expect(custom.sequence.provenance.sampling?.seed).toBe(seed);
    }
  });

  it("is reproducible with a seed (entropy-adaptive temperature) and reports raw logprobs", async () => {
    const sampler = entropyAdaptiveTemperature({ baseTemperature: 1.5 });
    const first = await model.generate({
      prompt,
      maxTokens: 32,
      sampler,
      sampling: { seed: 7 },
      topLogprobs: 3,
    });
    const second = await model.generate({
      prompt,
      maxTokens: 32,
      sampler,
      sampling: { seed: 7 },
      topLogprobs: 3,
    });
    expect(second.text).toBe(first.text);
    expect(second.sequence.tokens.map((token) => token.id)).toEqual(
      first.sequence.tokens.map((token) => token.id),
    );
    // raw distribution: each chosen token's logprob equals the teacher-forced logprob of the same
    // tokens through branch (forced tokens are reported under the raw distribution)
    const ids = first.sequence.tokens.map((token) => token.id as number);
    const forced = await model.branch({
      prompt,
      prefixTokens: ids.slice(0, -1),
      forcedToken: ids.at(-1) as number,
      maxTokens: 0,
    });
    expect(forced.sequence.tokens.map((token) => token.id)).toEqual(ids);
    first.sequence.tokens.forEach((token, index) => {
      expect(token.logprob).toBeCloseTo(forced.sequence.tokens[index]?.logprob as number, 6);
      expect(token.top.length).toBe(3);
    });
  });

  it("rejects a bad decision naming the sampler, and warns about ignored settings", async () => {
    await expect(model.generate({ prompt, maxTokens: 2, sampler: () => -1 })).rejects.toMatchObject({
      field: "sampler",
    });
    const result = await model.generate({
      prompt,
      maxTokens: 2,
      sampler: () => 0,
      sampling: { temperature: 0.7, seed: 3 },
      logprobsMode: "processed",
    });
    const fields = result.warnings
      .filter((warning) => warning.code === "unsupported-option")
      .map((warning) => warning.field);
    expect(fields).toEqual(expect.arrayContaining(["sampling.temperature", "logprobsMode"]));
    expect(result.sequence.provenance.distribution).toBe("processed");
  });
});
