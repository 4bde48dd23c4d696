/**
 * Scoring (prompt logprobs) on the shared test model against outside oracles:
 * - llama.cpp's teacher-forced logprobs, entropies and ranks of every token of a text (llama-server
 *   with the full 512-token distribution; entropy and rank computed by the recorder in Python);
 * - the same for Hugging Face's sliding-window method (windows of 24 tokens incl. BOS, stride 8),
 *   computed by the recorder with its own implementation of the method;
 * - hand-derived perplexity and bits per byte from those logprobs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError, InvalidInputError } from "../../src/core/errors.js";
import type { EngineModel } from "../../src/engine/index.js";
import { requireTestModel } from "../helpers/test-model.js";
import { loadTestEngine } from "./load-test-engine.js";
import { BATCH_SHAPE_TOLERANCE, llamaCppOracles } from "./oracles.js";

describe.skipIf(!requireTestModel())("scoring (stories260K)", () => {
  let model: EngineModel;
  beforeAll(async () => {
    model = await loadTestEngine();
  });
  afterAll(async () => {
    await model.close();
  });

  it("scores every token like llama.cpp (logprob, entropy, rank), BOS-conditioned", async () => {
    const result = await model.score({ text: llamaCppOracles.text, topLogprobs: 3 });
    expect(result.bosConditioned).toBe(true);
    const tokens = result.sequence.tokens;
    expect(tokens.map((token) => token.id)).toEqual(llamaCppOracles.tokens);
    tokens.forEach((token, index) => {
      const oracle = llamaCppOracles.scored[index]!;
      expect(Math.abs(token.logprob! - oracle.logprob)).toBeLessThanOrEqual(BATCH_SHAPE_TOLERANCE);
      expect(Math.abs(token.entropy! - oracle.entropy)).toBeLessThanOrEqual(BATCH_SHAPE_TOLERANCE * 5);
      expect(token.rank).toBe(oracle.rank);
      expect(token.top).toHaveLength(3);
    });
    expect(result.perplexity / llamaCppOracles.perplexity - 1).toBeLessThan(1e-3);
    expect(result.usage.promptTokens).toBe(llamaCppOracles.tokens.length + 1);
  });

  it("computes perplexity and bits per byte from its own logprobs (hand formula)", async () => {
    const result = await model.score({ text: llamaCppOracles.text });
    const logprobs = result.sequence.tokens.map((token) => token.logprob!);
    const nll = -logprobs.reduce((sum, value) => sum + value, 0);
    expect(result.perplexity).toBeCloseTo(Math.exp(nll / logprobs.length), 10);
    const bytes = result.sequence.tokens.reduce((sum, token) => sum + token.bytes.length, 0);
    // SentencePiece adds one space before the text: the tokens hold one byte more than the text.
    expect(bytes).toBe(new TextEncoder().encode(llamaCppOracles.text).length + 1);
    expect(result.bitsPerByte).toBeCloseTo(nll / Math.LN2 / bytes, 10);
  });

  it("scores long texts with Hugging Face's sliding window like the recorded oracle", async () => {
    const { windowSize, stride, scored, perplexity } = llamaCppOracles.slidingWindow;
    const progress: [number, number][] = [];
    const result = await model.score({
      text: llamaCppOracles.text,
      windowSize,
      stride,
      onProgress: (done, total) => progress.push([done, total]),
    });
    result.sequence.tokens.forEach((token, index) => {
      expect(Math.abs(token.logprob! - scored[index]!.logprob)).toBeLessThanOrEqual(BATCH_SHAPE_TOLERANCE);
    });
    expect(result.perplexity / perplexity - 1).toBeLessThan(1e-3);
    // Shorter contexts make the model less sure: the sliding-window perplexity is higher here.
    expect(result.perplexity).toBeGreaterThan(llamaCppOracles.perplexity);
    expect(progress.at(-1)).toEqual([61, 61]);
    expect(progress.map(([done]) => done)).toEqual([23, 31, 39, 47, 55, 61]);
  });

  it("gives the same numbers whatever the window when the text fits one window", async () => {
    const whole = await model.score({ text: llamaCppOracles.text });
    const wide = await model.score({ text: llamaCppOracles.text, windowSize: 100, stride: 10 });
    expect(wide.sequence.tokens.map((token) => token.logprob)).toEqual(
      whole.sequence.tokens.map((token) => token.logprob),
    );
  });

  it("rejects a stride larger than the window and cancels between windows", async () => {
    await expect(
      model.score({ text: llamaCppOracles.text, windowSize: 10, stride: 10 }),
    ).rejects.toMatchObject({
      field: "stride",
      allowed: "1 to 9",
    });
    await expect(model.score({ text: "" })).rejects.toBeInstanceOf(InvalidInputError);
    const controller = new AbortController();
    const scoring = model.score({
      text: llamaCppOracles.text,
      windowSize: 8,
      stride: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(scoring).rejects.toBeInstanceOf(CancelledError);
  });
});
