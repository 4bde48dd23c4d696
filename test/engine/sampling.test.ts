/**
 * Sampling and `logprobsMode` on the shared test model. Oracles:
 * - llama.cpp's seeded sampling (llama-server, temperature 0.8, top-k 40, top-p 0.95, min-p 0.05,
 *   seeds 42, 7 and 123; top-p 0.8 at temperature 1.5): the same tokens, and its post-sampling
 *   probabilities for the processed distribution, also along its typical-p 0.9 path
 *   (__fixtures__/llama-cpp-oracles.json);
 * - llama.cpp's repeat penalty (llama-server, penalty 1.5 at temperature 1 and 1.3 greedy, after a
 *   prompt that repeats itself): its post-sampling top 20 and its greedy tokens;
 * - hand-derived: processed greedy is a point mass (logprob 0, entropy 0); top-k 1 leaves one token
 *   (logprob 0); a seed reproduces its run; raw-mode numbers do not depend on the sampling settings.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";
import { BATCH_SHAPE_TOLERANCE, llamaCppOracles } from "./oracles.js";

const { settings, runs, prompt } = llamaCppOracles.sampled;
const sampling = {
  temperature: settings.temperature,
  topK: settings.top_k,
  topP: settings.top_p,
  minP: settings.min_p,
};

describe.skipIf(!requireTestModel())("sampling (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model.close();
  });

  it("draws the same tokens as llama.cpp for the same seed and settings", async () => {
    for (const run of runs) {
      const result = await model.generate({
        prompt,
        maxTokens: 40,
        sampling: { ...sampling, seed: run.seed },
      });
      expect(result.sequence.tokens.map((token) => token.id)).toEqual(run.tokens.map((token) => token.id));
      expect(result.text).toBe(run.text);
    }
  });

  it("reports the processed distribution as llama.cpp's post-sampling probabilities", async () => {
    const run = runs[0]!;
    const result = await model.generate({
      prompt,
      maxTokens: 40,
      topLogprobs: 5,
      logprobsMode: "processed",
      sampling: { ...sampling, seed: run.seed },
    });
    expect(result.sequence.provenance.distribution).toBe("processed");
    expect(result.sequence.provenance.sampling).toEqual({ ...sampling, seed: run.seed });
    result.sequence.tokens.forEach((token, index) => {
      const oracle = run.tokens[index]!;
      expect(Math.abs(Math.exp(token.logprob!) - oracle.prob)).toBeLessThan(BATCH_SHAPE_TOLERANCE);
      expect(token.top.map((alternative) => alternative.id)).toEqual(
        oracle.top.map((alternative) => alternative.id),
      );
      token.top.forEach((alternative, rank) => {
        expect(Math.abs(Math.exp(alternative.logprob) - oracle.top[rank]!.prob)).toBeLessThan(
          BATCH_SHAPE_TOLERANCE,
        );
      });
      // The processed distribution sums to 1 over the kept tokens: its top-5 mass is at most 1.
      const mass = token.top.reduce((sum, alternative) => sum + Math.exp(alternative.logprob), 0);
      expect(mass).toBeLessThanOrEqual(1 + 1e-9);
    });
  });

  it("draws like llama.cpp with top-p at a high temperature", async () => {
    const variant = llamaCppOracles.sampledVariants[1]!;
    const {
      temperature,
      top_k: topK,
      top_p: topP,
      min_p: minP,
      typical_p: typicalP,
      seed,
    } = variant.settings;
    const result = await model.generate({
      prompt,
      maxTokens: variant.tokens.length,
      sampling: { temperature, topK, topP, minP, typicalP, seed },
    });
    expect(result.text).toBe(variant.text);
  });

  it("gives llama.cpp's processed probabilities along its own sampled paths (typical-p, top-p)", async () => {
    // Teacher-forced through branch: llama.cpp's tokens are forced, and each one's processed
    // probability must equal llama.cpp's post-sampling probability. (With typical-p the draws
    // themselves differ: llama.cpp samples its candidates in typicality order, core's sampler in
    // probability order, so the same random number can pick another token.)
    for (const variant of llamaCppOracles.sampledVariants) {
      const {
        temperature,
        top_k: topK,
        top_p: topP,
        min_p: minP,
        typical_p: typicalP,
        seed,
      } = variant.settings;
      const ids = variant.tokens.map((token) => token.id);
      const result = await model.branch({
        prompt,
        prefixTokens: ids.slice(0, -1),
        forcedToken: ids.at(-1)!,
        maxTokens: 0,
        topLogprobs: 5,
        logprobsMode: "processed",
        sampling: { temperature, topK, topP, minP, typicalP, seed },
      });
      expect(result.sequence.tokens.map((token) => token.id)).toEqual(ids);
      result.sequence.tokens.forEach((token, index) => {
        const oracle = variant.tokens[index]!;
        expect(Math.abs(Math.exp(token.logprob!) - oracle.prob)).toBeLessThan(BATCH_SHAPE_TOLERANCE);
        expect(token.top.map((alternative) => alternative.id).sort()).toEqual(
          oracle.top.map((alternative) => alternative.id).sort(),
        );
      });
    }
  });

  it("reproduces a run with its seed, and records a fresh seed when none is given", async () => {
    const request = { prompt, maxTokens: 20, sampling: { temperature: 1.5, seed: 99 } };
    const first = await model.generate(request);
    const second = await model.generate(request);
    expect(second.sequence.tokens).toEqual(first.sequence.tokens);
    const unseeded = await model.generate({ prompt, maxTokens: 20, sampling: { temperature: 1.5 } });
    const seed = unseeded.sequence.provenance.sampling?.seed;
    expect(Number.isInteger(seed)).toBe(true);
    const replay = await model.generate({
      prompt,
      maxTokens: 20,
      sampling: { temperature: 1.5, seed: seed! },
    });
    expect(replay.text).toBe(unseeded.text);
  });

  it("reports greedy processed tokens as a point mass, and top-k 1 sampling likewise", async () => {
    const greedy = await model.generate({ prompt, maxTokens: 5, topLogprobs: 3, logprobsMode: "processed" });
    const topOne = await model.generate({
      prompt,
      maxTokens: 5,
      topLogprobs: 3,
      logprobsMode: "processed",
      sampling: { temperature: 1, topK: 1, seed: 1 },
    });
    for (const token of [...greedy.sequence.tokens, ...topOne.sequence.tokens]) {
      expect(token.logprob).toBe(0);
      expect(token.entropy).toBe(0);
      expect(token.rank).toBe(1);
      expect(token.top).toEqual([expect.objectContaining({ id: token.id, logprob: 0 })]);
    }
    expect(topOne.text).toBe(greedy.text);
  });

  it("reports raw numbers in raw mode whatever the sampling settings", async () => {
    const sampled = await model.generate({
      prompt,
      maxTokens: 12,
      topLogprobs: 2,
      sampling: { ...sampling, seed: 42 },
    });
    const scored = await model.score({ text: prompt + sampled.text });
    const offset = scored.sequence.tokens.length - sampled.sequence.tokens.length;
    sampled.sequence.tokens.forEach((token, index) => {
      const same = scored.sequence.tokens[offset + index]!;
      expect(same.id).toBe(token.id);
      expect(Math.abs(token.logprob! - same.logprob!)).toBeLessThanOrEqual(BATCH_SHAPE_TOLERANCE);
      expect(token.rank).toBe(same.rank);
    });
  });

  it("applies the repeat penalty on logits over the last 64 tokens as llama.cpp does (llama-server oracle)", async () => {
    const oracle = llamaCppOracles.repeatPenalty;
    const processed = await model.generate({
      prompt: oracle.prompt,
      maxTokens: 1,
      topLogprobs: 20,
      logprobsMode: "processed",
      sampling: { temperature: 1, repeatPenalty: 1.5, seed: 5 },
    });
    const top = processed.sequence.tokens[0]!.top;
    expect(top.map((alternative) => alternative.id)).toEqual(oracle.firstStep.top.map((entry) => entry.id));
    top.forEach((alternative, index) => {
      // llama-server reports float32 probabilities.
      expect(Math.abs(Math.exp(alternative.logprob) - oracle.firstStep.top[index]!.prob)).toBeLessThan(1e-6);
    });
    expect(processed.sequence.provenance.sampling).toEqual({ temperature: 1, repeatPenalty: 1.5, seed: 5 });
    expect(processed.warnings.map((warning) => warning.code)).not.toContain("repeat-penalty-on-logprobs");
  });

  it("generates llama.cpp's greedy tokens under a repeat penalty, each step penalised by the tokens so far", async () => {
    const oracle = llamaCppOracles.repeatPenalty;
    const result = await model.generate({
      prompt: oracle.prompt,
      maxTokens: oracle.greedy.ids.length,
      sampling: { temperature: 0, repeatPenalty: 1.3 },
    });
    expect(result.sequence.tokens.map((token) => token.id)).toEqual(oracle.greedy.ids);
  });
});
