/** Per-position statistics against hand-computed values on small distributions. */
import { describe, expect, it } from "vitest";
import {
  FLOAT32_MIN_PROBABILITY,
  logprobsFromProbabilityMap,
  positionStatsFromLogprobs,
  topKOfLogprobs,
} from "./position-stats.js";

// p = (1/2, 1/4, 1/8, 1/8): entropy = 1.75 bits (hand computation: 1/2*1 + 1/4*2 + 2 * 1/8*3).
const dyadic = Float64Array.from([0.5, 0.25, 0.125, 0.125], Math.log);

describe("positionStatsFromLogprobs", () => {
  it("computes entropy, argmax, top-k, and the target's logprob and rank", () => {
    const stats = positionStatsFromLogprobs(dyadic, { topK: 3, target: 3 });
    expect(stats.entropy).toBeCloseTo(1.75 * Math.LN2, 12);
    expect(stats.argmax).toEqual({ id: 0, logprob: Math.log(0.5) });
    // Ties (ids 2 and 3) go to the lower id.
    expect(stats.top.map((entry) => entry.id)).toEqual([0, 1, 2]);
    expect(stats.targetLogprob).toBe(Math.log(0.125));
    // Rank = 1 + number of strictly more probable tokens: ids 0 and 1.
    expect(stats.targetRank).toBe(3);
    expect(stats.logprobs).toBeUndefined();
    expect(positionStatsFromLogprobs(dyadic, { topK: 0, full: true }).logprobs).toBe(dyadic);
  });

  it("ignores tokens outside a truncated distribution", () => {
    const truncated = Float64Array.from([Math.log(0.75), Number.NEGATIVE_INFINITY, Math.log(0.25)]);
    const stats = positionStatsFromLogprobs(truncated, { topK: 3, target: 1 });
    expect(stats.top.map((entry) => entry.id)).toEqual([0, 2]);
    expect(stats.entropy).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 12);
    expect(stats.targetLogprob).toBe(Number.NEGATIVE_INFINITY);
    expect(stats.targetRank).toBe(3);
  });
});

describe("topKOfLogprobs", () => {
  it("agrees with a full sort for small and large k", () => {
    const values = Float64Array.from({ length: 300 }, (_, index) => -((index * 7919) % 101) / 10);
    const sorted = [...values.keys()].sort((a, b) => values[b]! - values[a]! || a - b);
    for (const k of [1, 5, 64, 65, 300, 400]) {
      expect(topKOfLogprobs(values, k).map((entry) => entry.id)).toEqual(sorted.slice(0, k));
    }
    expect(topKOfLogprobs(values, 0)).toEqual([]);
  });
});

describe("logprobsFromProbabilityMap", () => {
  it("renormalises float32 probabilities and clamps zeros at the float32 minimum", () => {
    const map = new Map([
      [2, 0.5000001],
      [0, 0.5],
      [1, 0],
    ]);
    const logprobs = logprobsFromProbabilityMap(map, 4);
    expect(Math.exp(logprobs[0]!) + Math.exp(logprobs[2]!)).toBeCloseTo(1, 15);
    expect(logprobs[1]).toBeCloseTo(Math.log(FLOAT32_MIN_PROBABILITY) - Math.log(1.0000001), 12);
    expect(logprobs[3]).toBe(Number.NEGATIVE_INFINITY);
  });
});
