/**
 * The decoding step: repeat penalty window and rule, greedy point mass, seeded draws
 * (hand-derived; the penalty rule is llama.cpp's penalties sampler, src/llama-sampler.cpp:
 * a logit x becomes x * penalty when x <= 0, else x / penalty).
 */
import { describe, expect, it } from "vitest";
import { applyRepeatPenalty, createSampler, REPEAT_PENALTY_WINDOW } from "./sample-from-distribution.js";

const raw = Float64Array.from([0.5, 0.3, 0.2], Math.log);

describe("sampler", () => {
  it("penalises logprobs of tokens among the last 64 only when the logits are unknown", () => {
    const history = [1, ...Array.from({ length: REPEAT_PENALTY_WINDOW }, () => 2)];
    const penalised = applyRepeatPenalty(raw, history, 2);
    expect(penalised[0]).toBe(raw[0]);
    expect(penalised[1]).toBe(raw[1]); // token 1 is 65 tokens back
    expect(penalised[2]).toBe(raw[2]! * 2);
  });

  it("penalises logits as llama.cpp does when the log-sum-exp is known", () => {
    // Logits 2, -1 and 0.5; tokens 0 and 1 repeated, penalty 2: logits 1, -2 and 0.5.
    const logits = [2, -1, 0.5];
    const logSumExp = Math.log(logits.reduce((sum, x) => sum + Math.exp(x), 0));
    const fromLogits = Float64Array.from(logits, (x) => x - logSumExp);
    const penalised = applyRepeatPenalty(fromLogits, [0, 1], 2, logSumExp);
    expect(penalised[0]! + logSumExp).toBeCloseTo(1, 12);
    expect(penalised[1]! + logSumExp).toBeCloseTo(-2, 12);
    expect(penalised[2]).toBe(fromLogits[2]);
    // The processed distribution is softmax(1, -2, 0.5).
    const { processed } = createSampler({ temperature: 1, repeatPenalty: 2, seed: 1 }).step(
      fromLogits,
      [0, 1],
      logSumExp,
    );
    const expected = [1, -2, 0.5].map(Math.exp);
    const total = expected.reduce((sum, value) => sum + value, 0);
    expected.forEach((value, id) => {
      expect(Math.exp(processed[id]!)).toBeCloseTo(value / total, 12);
    });
  });

  it("decodes greedily into a point mass", () => {
    const step = createSampler({}).step(raw, []);
    expect(step.chosen).toBe(0);
    expect([...step.processed]).toEqual([0, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it("samples reproducibly from the tempered distribution", () => {
    const draws = (seed: number) => {
      const sampler = createSampler({ temperature: 2, seed });
      return Array.from({ length: 50 }, () => sampler.step(raw, []).chosen);
    };
    expect(draws(11)).toEqual(draws(11));
    const sampler = createSampler({ temperature: 2, seed: 11 });
    const { processed } = sampler.step(raw, []);
    // softmax(log p / 2) = sqrt(p) / sum sqrt(p)
    const roots = [0.5, 0.3, 0.2].map(Math.sqrt);
    const total = roots.reduce((sum, value) => sum + value, 0);
    roots.forEach((root, id) => {
      expect(Math.exp(processed[id]!)).toBeCloseTo(root / total, 12);
    });
    expect(sampler.settings).toEqual({ temperature: 2, seed: 11 });
    expect(Number.isInteger(createSampler({ temperature: 1 }).settings.seed)).toBe(true);
  });
});
