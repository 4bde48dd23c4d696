/** The decoding step: repeat penalty window, greedy point mass, seeded draws (hand-derived). */
import { describe, expect, it } from "vitest";
import { applyRepeatPenalty, createSampler, REPEAT_PENALTY_WINDOW } from "./sampler.js";

const raw = Float64Array.from([0.5, 0.3, 0.2], Math.log);

describe("sampler", () => {
  it("penalises logprobs of tokens among the last 64 only", () => {
    const history = [1, ...Array.from({ length: REPEAT_PENALTY_WINDOW }, () => 2)];
    const penalised = applyRepeatPenalty(raw, history, 2);
    expect(penalised[0]).toBe(raw[0]);
    expect(penalised[1]).toBe(raw[1]); // token 1 is 65 tokens back
    expect(penalised[2]).toBe(raw[2]! * 2);
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
