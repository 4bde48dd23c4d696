/**
 * compare and detect on the real test model: a model against a second load of itself (KL 0, same
 * top-1 everywhere), and the detection scores against an independent computation from `score`
 * (its per-token logprob, exact entropy and rank come from the evaluator's own reduction, not
 * from the full distributions that detect streams).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { compareModels } from "../../src/core/compare/compare-models.js";
import { detectText } from "../../src/core/detect/detect-text.js";
import { minKPercentProbability } from "../../src/core/detect/min-k-percent.js";
import type { EngineModel } from "../../src/engine/index.js";
import { INLINE_TOKENIZE_CHARS } from "../../src/engine/tokenizer-thread.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";

const text =
  "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high. Lily asked her mom for help.";

describe.skipIf(!requireTestModel())("compare and detect on stories260K", () => {
  let first: EngineModel;
  let second: EngineModel;
  beforeAll(async () => {
    first = await loadTestEngine({ contextSize: 64 });
    second = await loadTestEngine({ contextSize: 64 });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it("finds no divergence between a model and a second copy of it", async () => {
    const result = await compareModels(first, second, text, { windowSize: 32, stride: 16 });
    const scored = await first.score({ text, windowSize: 32, stride: 16 });
    expect(result.method).toBe("exact");
    // every token after BOS is compared, as score scores it
    expect(result.tokens.map((token) => token.index)).toEqual(
      scored.sequence.tokens.flatMap((token, index) => (token.logprob === null ? [] : [index])),
    );
    expect(result.klDivergence?.maximum).toBe(0);
    expect(result.sameTop).toBe(1);
    result.tokens.forEach((token, index) => {
      const logprob = scored.sequence.tokens[token.index]?.logprob as number;
      expect(token.baseLogprob).toBeCloseTo(logprob, 5);
      expect(token.logprobDifference).toBe(0);
      expect(token.token).toBe(scored.sequence.tokens[token.index]?.token);
      expect(index).toBeLessThan(result.tokens.length);
    });
    expect(result.perplexity.base).toBeCloseTo(scored.perplexity, 4);
  });

  it("bounds the KL divergence from top-k when a model gives no full distributions", async () => {
    // A view of the same model without its full distributions: only score (top-k) is left.
    const topKOnly = {
      id: "top-k view",
      source: "test",
      capabilities: { ...first.capabilities, fullDistributions: false },
      generate: first.generate.bind(first),
      stream: first.stream.bind(first),
      score: first.score.bind(first),
    };
    const result = await compareModels(first, topKOnly, text, { windowSize: 32, stride: 16, topK: 5 });
    expect(result.method).toBe("top-k-bounds");
    expect(result.warnings.map((warning) => warning.code)).toContain("kl-divergence-bounds");
    // identical numbers: every lower bound is 0 (up to rounding), the top-1 always agrees
    for (const token of result.tokens) expect(token.klDivergenceBounds?.lower).toBeLessThan(1e-12);
    expect(result.sameTop).toBe(1);
  });

  it("declares its full distributions, and tokenizes a long text for them off the main thread, as score does", async () => {
    expect(first.capabilities.fullDistributions).toBe(true);
    const long = `${text} `.repeat(Math.ceil((INLINE_TOKENIZE_CHARS + 1) / (text.length + 1)));
    expect(long.length).toBeGreaterThan(INLINE_TOKENIZE_CHARS);
    // node-llama-cpp binds `tokenize` when a model is constructed: spy first, then load.
    const onMainThread = vi.spyOn(LlamaModel.prototype, "tokenize");
    const engine = await loadTestEngine({ contextSize: 64 });
    try {
      const source = engine.fullDistributions;
      const short = await source.tokenize(text);
      expect(onMainThread.mock.calls.filter(([input]) => String(input) === text)).toHaveLength(1);
      const tokens = await source.tokenize(long);
      // No call on this thread for the long text: the tokenizer thread did it.
      expect(onMainThread.mock.calls.filter(([input]) => String(input) === long)).toHaveLength(0);
      // Oracle: the same llama.cpp tokenizer, called on this thread.
      const mainThreadModel = onMainThread.mock.contexts.at(-1) as LlamaModel;
      expect(tokens).toEqual(Array.from(mainThreadModel.tokenize(long, false)));
      expect(tokens.slice(0, short.length)).toEqual(short);
    } finally {
      onMainThread.mockRestore();
      await engine.close();
    }
  });

  it("gives Binoculars = mean surprisal / mean entropy when observer = performer", async () => {
    const result = await detectText(first, second, text, { windowSize: 32, stride: 16, k: 20 });
    const scored = await first.score({ text, windowSize: 32, stride: 16 });
    const tokens = scored.sequence.tokens.filter((token) => token.logprob !== null);
    const surprisal = -tokens.reduce((sum, token) => sum + (token.logprob as number), 0) / tokens.length;
    const entropy = tokens.reduce((sum, token) => sum + (token.entropy as number), 0) / tokens.length;
    expect(result.method).toBe("exact");
    expect(result.scores.observerLogPerplexity).toBeCloseTo(surprisal, 5);
    expect(result.scores.crossLogPerplexity).toBeCloseTo(entropy, 5);
    expect(result.scores.binoculars).toBeCloseTo(surprisal / entropy, 4);
    // GLTR ranks and Min-K% from score's ranks and logprobs
    expect(result.tokens.map((token) => token.rank)).toEqual(tokens.map((token) => token.rank));
    expect(result.scores.minKPercent).toBeCloseTo(
      minKPercentProbability(
        tokens.map((token) => token.logprob as number),
        20,
      ),
      5,
    );
    expect(result.scores.gltr.count).toBe(tokens.length);
    // Min-K%++: each token's score uses mu = -entropy (from score's exact entropy)
    result.tokens.forEach((token, index) => {
      const entropyAt = tokens[index]?.entropy as number;
      expect(token.minKPlusPlus === null).toBe(false);
      // (logprob - mu) / sigma > 0 exactly when the token is likelier than exp(mu) = exp(-entropy)
      expect((token.minKPlusPlus as number) > 0).toBe((token.logprob as number) > -entropyAt);
    });
    // the same model object as observer and performer needs one sequence only, and agrees
    const same = await detectText(first, first, text, { windowSize: 32, stride: 16, k: 20 });
    expect(same.scores.binoculars).toBe(result.scores.binoculars);
  });

  it("detects from top-k only when the observer gives no full distributions (Min-K% and GLTR, with a warning)", async () => {
    const topKOnly = {
      id: "top-k view",
      source: "test",
      capabilities: { ...first.capabilities, fullDistributions: false },
      generate: first.generate.bind(first),
      stream: first.stream.bind(first),
      score: first.score.bind(first),
    };
    const exact = await detectText(first, second, text, { windowSize: 32, stride: 16, k: 20 });
    const partial = await detectText(topKOnly, topKOnly, text, { windowSize: 32, stride: 16, k: 20 });
    expect(partial.method).toBe("top-k");
    expect(partial.warnings.map((warning) => warning.code)).toContain("needs-full-distributions");
    expect(partial.scores.binoculars).toBeNull();
    expect(partial.scores.minKPercentPlusPlus).toBeNull();
    expect(partial.scores.minKPercent).toBeCloseTo(exact.scores.minKPercent, 5);
    expect(partial.scores.gltr.counts).toEqual(exact.scores.gltr.counts);
  });

  it("Binoculars with the Q8_0 quantization as performer (official roles): H(O, P) = H(O) + KL(O || P) per token", async () => {
    const performer = await loadTestEngine({
      model: join(dirname(fileURLToPath(import.meta.url)), "__fixtures__", "stories260K-Q8_0.gguf"),
      contextSize: 64,
    });
    try {
      const options = { windowSize: 32, stride: 16 };
      const result = await detectText(first, performer, text, { ...options, k: 20 });
      // independent pieces: the observer's exact entropy and the performer's token logprobs from their
      // own scores, KL(O || P) from compare
      const entropies = (await first.score({ text, ...options })).sequence.tokens;
      const performed = (await performer.score({ text, ...options })).sequence.tokens;
      const divergences = await compareModels(first, performer, text, options);
      expect(divergences.tokens.map((token) => token.index)).toEqual(
        result.tokens.map((token) => token.index),
      );
      result.tokens.forEach((token, index) => {
        const expected =
          (entropies[token.index]?.entropy as number) + (divergences.tokens[index]?.klDivergence as number);
        expect(token.crossEntropy).toBeCloseTo(expected, 5);
      });
      const performerSurprisal =
        -result.tokens.reduce((sum, token) => sum + (performed[token.index]?.logprob as number), 0) /
        result.tokens.length;
      const cross =
        result.tokens.reduce((sum, token) => sum + (token.crossEntropy as number), 0) / result.tokens.length;
      expect(result.scores.performerLogPerplexity).toBeCloseTo(performerSurprisal, 5);
      expect(result.scores.binoculars).toBeCloseTo(performerSurprisal / cross, 5);
    } finally {
      await performer.close();
    }
  });

  it("rejects models with different tokenizations or an empty text", async () => {
    await expect(compareModels(first, second, "")).rejects.toThrow(/non-empty/);
    await expect(
      compareModels(first, second, "Once", { windowing: "llama-perplexity", windowSize: 4 }),
    ).rejects.toThrow(/need at least one window of 4 tokens/);
    await expect(detectText(first, second, text, { k: 0 })).rejects.toThrow(/k must/);
  });
});
