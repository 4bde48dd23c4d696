import { describe, expect, it } from "vitest";
import {
  logprobMoments,
  lowestPercentCount,
  meanOfLowestPercent,
  minKPercentPlusPlus,
  minKPercentProbability,
  minKPlusPlusTokenScore,
} from "./min-k-percent.js";

const ln = Math.log;

describe("Min-K% prob", () => {
  it("is the mean of the lowest k% logprobs, by hand", () => {
    // 10 logprobs; k = 20% keeps floor(10 * 0.2) = 2 lowest: -5 and -4, mean -4.5
    const logprobs = [-0.1, -5, -0.2, -4, -1, -2, -0.3, -3, -0.4, -0.5];
    expect(minKPercentProbability(logprobs, 20)).toBe(-4.5);
    // k = 100% is the mean of all: -16.5 / 10
    expect(minKPercentProbability(logprobs, 100)).toBeCloseTo(-1.65, 15);
    // k = 5% of 10 floors to 0: at least one is kept (-5)
    expect(minKPercentProbability(logprobs, 5)).toBe(-5);
  });

  it("keeps int(n * ratio) values as the official run.py does, floating point included", () => {
    // Transcription of zjysteven/mink-plus-plus run.py (and swj0419/detect-pretrain-code):
    //   k_length = int(len(token_log_probs) * ratio); topk = np.sort(token_log_probs)[:k_length]
    //   score = np.mean(topk)
    // Python floats are IEEE doubles and int() truncates, as Math.trunc; the ratio literals
    // 0.1 ... 1.0 are the doubles percent / 100.
    const official = (values: number[], ratio: number) => {
      const kLength = Math.trunc(values.length * ratio);
      const topk = [...values].sort((a, b) => a - b).slice(0, kLength);
      return topk.reduce((sum, value) => sum + value, 0) / topk.length;
    };
    let seed = 3;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const n of [10, 37, 90, 170, 333]) {
      const values = Array.from({ length: n }, () => -10 * random());
      for (const ratio of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]) {
        expect(minKPercentProbability(values, ratio * 100)).toBe(official(values, ratio));
      }
    }
    // 90 * 0.7 = 62.99999999999999 in doubles: 62 values, not 63.
    expect(lowestPercentCount(90, 70)).toBe(62);
    // Where int(n * ratio) is 0 the official mean is NaN (of nothing); here one value is kept.
    expect(Number.isNaN(official([-1, -2, -3], 0.1))).toBe(true);
    expect(minKPercentProbability([-1, -2, -3], 10)).toBe(-3);
  });

  it("rejects k out of (0, 100] and empty input", () => {
    expect(() => meanOfLowestPercent([-1], 0)).toThrow(/k must/);
    expect(() => meanOfLowestPercent([-1], 101)).toThrow(/k must/);
    expect(() => meanOfLowestPercent([], 10)).toThrow(/no token/);
  });
});

describe("Min-K%++", () => {
  it("normalises a token's logprob by the distribution's moments, by hand", () => {
    // p = (0.5, 0.25, 0.25): mu = 0.5 ln 0.5 + 0.5 ln 0.25 = -0.5 ln 2 - ln 2 = -1.5 ln 2 = -1.039721
    // E[(log p)^2] = 0.5 (ln 2)^2 + 0.5 (2 ln 2)^2 = 2.5 (ln 2)^2; sigma^2 = 2.5 - 2.25 = 0.25 (ln 2)^2
    // sigma = 0.5 ln 2 = 0.346574
    const moments = logprobMoments([ln(0.5), ln(0.25), ln(0.25)]);
    expect(moments.mean).toBeCloseTo(-1.5 * Math.LN2, 15);
    expect(moments.deviation).toBeCloseTo(0.5 * Math.LN2, 15);
    // token 0: (ln 0.5 + 1.5 ln 2) / (0.5 ln 2) = (0.5 ln 2) / (0.5 ln 2) = 1
    expect(minKPlusPlusTokenScore(ln(0.5), moments)).toBeCloseTo(1, 14);
    // token 1: (-2 ln 2 + 1.5 ln 2) / (0.5 ln 2) = -1
    expect(minKPlusPlusTokenScore(ln(0.25), moments)).toBeCloseTo(-1, 14);
  });

  it("takes the mean of the lowest k% token scores", () => {
    // scores 1, -1, 0.5, -2; k = 50% keeps -2 and -1: mean -1.5
    expect(minKPercentPlusPlus([1, -1, 0.5, -2], 50)).toBe(-1.5);
  });

  it("handles a one-hot distribution", () => {
    const moments = logprobMoments([0, Number.NEGATIVE_INFINITY]);
    expect(moments).toEqual({ mean: 0, deviation: 0 });
    expect(minKPlusPlusTokenScore(0, moments)).toBe(0);
  });
});
