import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { applyMinP } from "./apply-min-p.js";
import { applySamplingSettings } from "./apply-sampling-settings.js";
import { applyTemperature } from "./apply-temperature.js";
import { applyTopK } from "./apply-top-k.js";
import { applyTopP } from "./apply-top-p.js";
import { applyTypicalP } from "./apply-typical-p.js";
import type { SamplingCandidates } from "./sampling-candidates.js";

/** Probabilities 0.15, 0.5, 0.05, 0.3 for ids 10..13 (deliberately unsorted), as logits offset by +3. */
const candidates: SamplingCandidates = {
  ids: [10, 11, 12, 13],
  logprobs: [0.15, 0.5, 0.05, 0.3].map((p) => Math.log(p) + 3),
};

function probabilities(result: SamplingCandidates): [number, number][] {
  return result.ids.map((id, index) => [id, Math.exp(result.logprobs[index] as number)]);
}

function expectDistribution(result: SamplingCandidates, expected: [number, number][]): void {
  expect(result.ids).toEqual(expected.map(([id]) => id));
  expect(probabilities(result).map(([, p]) => p)).toEqual(expected.map(([, p]) => expect.closeTo(p, 12)));
}

describe("applyTopK", () => {
  it("keeps the k most probable and renormalises", () => {
    // hand computation: top-2 of (0.5, 0.3, 0.15, 0.05) -> 0.5/0.8, 0.3/0.8
    expectDistribution(applyTopK(candidates, 2), [
      [11, 0.625],
      [13, 0.375],
    ]);
    expectDistribution(applyTopK(candidates, 0), [
      [11, 0.5],
      [13, 0.3],
      [10, 0.15],
      [12, 0.05],
    ]);
    expect(applyTopK(candidates, 99).ids).toHaveLength(4);
  });

  it("selects the same set with the heap path on a large vocabulary (oracle: full sort)", () => {
    const size = 5000;
    const logits = Array.from({ length: size }, (_, index) => Math.sin(index * 12.9898) * 10);
    const large = { ids: logits.map((_, index) => index), logprobs: logits };
    const expected = large.ids
      .slice()
      .sort((a, b) => (logits[b] as number) - (logits[a] as number))
      .slice(0, 40);
    expect(applyTopK(large, 40).ids).toEqual(expected);
  });
});

describe("applyTopP", () => {
  it("keeps the smallest prefix reaching p", () => {
    // hand computation: cumulative 0.5, 0.8, 0.95, 1.0
    expect(applyTopP(candidates, 0.75).ids).toEqual([11, 13]);
    expect(applyTopP(candidates, 0.81).ids).toEqual([11, 13, 10]);
    expect(applyTopP(candidates, 0.4).ids).toEqual([11]);
    expect(applyTopP(candidates, 0).ids).toEqual([11]);
    expect(applyTopP(candidates, 1).ids).toHaveLength(4);
    // minKeep overrides a small nucleus
    expect(applyTopP(candidates, 0.1, 3).ids).toEqual([11, 13, 10]);
  });

  it("agrees with a direct implementation on a large vocabulary, nucleus inside and beyond 256", () => {
    const size = 3000;
    const logits = Array.from({ length: size }, (_, index) => Math.cos(index * 7.31) * 4);
    const large = { ids: logits.map((_, index) => index), logprobs: logits };
    const max = Math.max(...logits);
    const weights = logits.map((logit) => Math.exp(logit - max));
    const total = weights.reduce((a, b) => a + b, 0);
    const sorted = large.ids.slice().sort((a, b) => (logits[b] as number) - (logits[a] as number));
    for (const p of [0.05, 0.5, 0.95]) {
      let cumulative = 0;
      let count = 0;
      while (cumulative < p) cumulative += (weights[sorted[count++] as number] as number) / total;
      expect(applyTopP(large, p).ids).toEqual(sorted.slice(0, count));
    }
    expect(applyTopP(large, 0.95).ids.length).toBeGreaterThan(256);
  });
});

describe("applyMinP", () => {
  it("keeps candidates with p >= minP * p_max", () => {
    // hand computation: p_max 0.5; minP 0.25 -> cut 0.125 keeps 0.5, 0.3, 0.15; minP 0.7 -> cut 0.35 keeps 0.5
    expectDistribution(applyMinP(candidates, 0.25), [
      [11, 0.5 / 0.95],
      [13, 0.3 / 0.95],
      [10, 0.15 / 0.95],
    ]);
    expect(applyMinP(candidates, 0.7).ids).toEqual([11]);
    expect(applyMinP(candidates, 0.7, 2).ids).toEqual([11, 13]);
    expect(applyMinP(candidates, 0).ids).toHaveLength(4);
  });
});

describe("applyTypicalP", () => {
  it("keeps the candidates whose surprisal is closest to the entropy", () => {
    // hand computation (Python math): H(0.5, 0.3, 0.15, 0.05) = 1.1421200429883351 nats;
    // |-ln p - H| = 0.449, 0.0619, 0.755, 1.854 -> typical order 0.3, 0.5, 0.15, 0.05.
    // p = 0.5: cumulative 0.3 (not > 0.5), 0.8 > 0.5 -> keep {0.5, 0.3}
    expectDistribution(applyTypicalP(candidates, 0.5), [
      [11, 0.625],
      [13, 0.375],
    ]);
    // p = 0.2: 0.3 > 0.2 -> keep {0.3} alone, although 0.5 is more probable
    expectDistribution(applyTypicalP(candidates, 0.2), [[13, 1]]);
    expect(applyTypicalP(candidates, 0.2, 3).ids).toEqual([11, 13, 10]);
    expect(applyTypicalP(candidates, 1).ids).toHaveLength(4);
  });
});

describe("applyTemperature", () => {
  it("rescales as softmax(x / T)", () => {
    // hand computation (Python math): p^(1/T) / sum p^(1/T) for T = 2 and T = 0.5
    const hot = applyTemperature(candidates, 2);
    expect(hot.ids).toEqual([11, 13, 10, 12]);
    expect(hot.logprobs).toEqual(
      [-0.9702283841137322, -1.2256411959967277, -1.5722147862767004, -2.1215209306107554].map((value) =>
        expect.closeTo(value, 12),
      ),
    );
    const cold = applyTemperature(candidates, 0.5);
    expect(cold.logprobs).toEqual(
      [-0.3784364357202451, -1.4000876832522264, -2.7863820443721172, -4.983606621708336].map((value) =>
        expect.closeTo(value, 12),
      ),
    );
  });

  it("is greedy at 0, keeping the first of tied maxima", () => {
    expect(applyTemperature(candidates, 0)).toEqual({ ids: [11], logprobs: [0] });
    expect(applyTemperature({ ids: [1, 2, 3], logprobs: [-1, 0, 0] }, 0)).toEqual({
      ids: [2],
      logprobs: [0],
    });
  });

  it("drops -Infinity candidates", () => {
    expect(applyTemperature({ ids: [1, 2], logprobs: [0, Number.NEGATIVE_INFINITY] }, 1)).toEqual({
      ids: [1],
      logprobs: [0],
    });
  });
});

describe("applySamplingSettings", () => {
  it("applies llama.cpp's order: top-p before min-p", () => {
    // hand computation with p = (0.4, 0.3, 0.2, 0.1):
    // top-p 0.5 keeps (0.4, 0.3); then min-p 0.6 (cut 0.6 * 4/7 = 0.343 <= 3/7) keeps both: 4/7, 3/7.
    // The other order would keep one: min-p 0.6 (cut 0.24) keeps (0.4, 0.3); top-p 0.5 then keeps 4/7 alone.
    const four = { ids: [1, 2, 3, 4], logprobs: [0.4, 0.3, 0.2, 0.1].map(Math.log) };
    expectDistribution(applySamplingSettings(four, { topP: 0.5, minP: 0.6, temperature: 1 }), [
      [1, 4 / 7],
      [2, 3 / 7],
    ]);
    expect(applyTopP(applyMinP(four, 0.6), 0.5).ids).toEqual([1]);
  });

  it("chains top-k, top-p and temperature like the single transforms", () => {
    const settings = { topK: 3, topP: 0.9, temperature: 0.7 };
    const chained = applyTemperature(applyTopP(applyTopK(candidates, 3), 0.9), 0.7);
    expect(applySamplingSettings(candidates, settings)).toEqual(chained);
    // hand computation: top-3 (0.5, 0.3, 0.15) renormalised: cumulative 0.526, 0.842, 1.0 -> top-p 0.9 keeps 3
    expect(chained.ids).toEqual([11, 13, 10]);
  });

  it("is greedy when temperature is 0 or absent, and skips disabled settings", () => {
    expect(applySamplingSettings(candidates, {})).toEqual({ ids: [11], logprobs: [0] });
    expect(applySamplingSettings(candidates, { temperature: 0, topK: 2 })).toEqual({
      ids: [11],
      logprobs: [0],
    });
    const disabled = applySamplingSettings(candidates, {
      temperature: 1,
      topK: 0,
      topP: 1,
      minP: 0,
      typicalP: 1,
    });
    expectDistribution(disabled, [
      [11, 0.5],
      [13, 0.3],
      [10, 0.15],
      [12, 0.05],
    ]);
  });

  it("rejects settings outside their range, naming the field", () => {
    expect(() => applySamplingSettings(candidates, { temperature: -1 })).toThrow(/temperature/);
    expect(() => applySamplingSettings(candidates, { temperature: 1, topP: 1.5 })).toThrow(/topP/);
    expect(() => applySamplingSettings(candidates, { temperature: 1, minP: -0.1 })).toThrow(/minP/);
    expect(() => applySamplingSettings(candidates, { temperature: 1, typicalP: Number.NaN })).toThrow(
      /typicalP/,
    );
    expect(() => applySamplingSettings(candidates, { temperature: 1, topK: 2.5 })).toThrow(InvalidInputError);
    expect(() => applyTopK({ ids: [1], logprobs: [0, 1] }, 1)).toThrow(/candidates/);
    expect(() => applyTopK({ ids: [1, 2], logprobs: [0, Number.NaN] }, 1)).toThrow(/logprobs\[1\]/);
  });
});
