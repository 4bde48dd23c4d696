import { describe, expect, it } from "vitest";
import { klDivergence } from "../math/kl-divergence.js";
import { klDivergenceBounds } from "./kl-divergence-bounds.js";

const ln = Math.log;
const known = (entries: [number, number][]) => new Map(entries.map(([id, p]) => [id, ln(p)]));

describe("klDivergenceBounds", () => {
  it("is exact when P is fully known on tokens Q knows", () => {
    // P = (0.5, 0.5, 0), Q top-2 = (0.25, 0.5) of (0.25, 0.5, 0.25):
    // KL = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.5) = 0.5 ln 2
    const bounds = klDivergenceBounds(
      known([
        [0, 0.5],
        [1, 0.5],
      ]),
      known([
        [1, 0.5],
        [0, 0.25],
      ]),
      ln(0.25),
    );
    expect(bounds.exact).toBe(true);
    expect(bounds.lower).toBeCloseTo(0.5 * Math.LN2, 15);
    expect(bounds.upper).toBeCloseTo(0.5 * Math.LN2, 15);
  });

  it("gives the coarse-grained lower bound by hand", () => {
    // P = (0.6, 0.3, 0.1), Q = (0.5, 0.2, 0.3); top-1 of each: P knows {0: 0.6}, Q knows {0: 0.5}.
    // A = {0}; B is empty; rest: p = 0.4, q = 0.5.
    // lower = 0.6 ln(0.6/0.5) + 0.4 ln(0.4/0.5) = 0.109393 - 0.089257 = 0.020136...
    const bounds = klDivergenceBounds(known([[0, 0.6]]), known([[0, 0.5]]), ln(0.5));
    expect(bounds.lower).toBeCloseTo(0.6 * ln(0.6 / 0.5) + 0.4 * ln(0.4 / 0.5), 14);
    expect(bounds.upper).toBe(Infinity);
    expect(bounds.exact).toBe(false);
    const exact = klDivergence([ln(0.6), ln(0.3), ln(0.1)], [ln(0.5), ln(0.2), ln(0.3)]);
    expect(bounds.lower).toBeLessThanOrEqual(exact);
  });

  it("uses Q's cap on tokens only P lists", () => {
    // P = (0.5, 0.4, 0.1), Q = (0.8, 0.1, 0.1); P lists {0, 1}, Q lists top-1 {0: 0.8}, cap 0.8.
    // A = {0}: 0.5 ln(0.5/0.8). B = {1}: p_B = 0.4; rest: p = 0.1; Q outside A: 0.2.
    // unconstrained q_B = 0.2 * 0.4 / 0.5 = 0.16 <= cap 0.8, so
    // lower = 0.5 ln(0.625) + 0.4 ln(0.4/0.16) + 0.1 ln(0.1/0.04) = 0.5 ln 0.625 + 0.5 ln 2.5
    const loose = klDivergenceBounds(
      known([
        [0, 0.5],
        [1, 0.4],
      ]),
      known([[0, 0.8]]),
      ln(0.8),
    );
    expect(loose.lower).toBeCloseTo(0.5 * ln(0.625) + 0.5 * ln(2.5), 14);
    // With Q listing its top-2 {0: 0.8, 2: 0.1}, every unlisted token has q <= 0.1 (the cap).
    const tighter = klDivergenceBounds(
      known([
        [0, 0.5],
        [1, 0.4],
      ]),
      known([
        [0, 0.8],
        [2, 0.1],
      ]),
      ln(0.1),
    );
    // A = {0}; B = {1} (p 0.4), rest p 0.1 (token 2 is known under Q only: it stays in the rest).
    // q_out = 0.2, free q_B = 0.2 * 0.4 / 0.5 = 0.16 > cap 0.1, so q_B = 0.1 and the rest gets 0.1:
    // lower = 0.5 ln 0.625 + 0.4 ln 4 + 0.1 ln 1
    expect(tighter.lower).toBeCloseTo(0.5 * ln(0.625) + 0.4 * ln(4), 14);
    const exact = klDivergence([ln(0.5), ln(0.4), ln(0.1)], [ln(0.8), ln(0.1), ln(0.1)]);
    expect(tighter.lower).toBeLessThanOrEqual(exact + 1e-15);
  });

  it("never exceeds the exact KL on random distributions", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const distribution = (size: number) => {
      const weights = Array.from({ length: size }, () => random() ** 3 + 1e-6);
      const total = weights.reduce((a, b) => a + b, 0);
      return weights.map((w) => ln(w / total));
    };
    const topK = (logprobs: number[], k: number) =>
      new Map(
        logprobs
          .map((logprob, id) => [id, logprob] as [number, number])
          .sort((a, b) => b[1] - a[1])
          .slice(0, k),
      );
    for (let trial = 0; trial < 200; trial++) {
      const p = distribution(12);
      const q = distribution(12);
      const k = 1 + Math.floor(random() * 11);
      const qTop = topK(q, k);
      const bounds = klDivergenceBounds(topK(p, k), qTop, Math.min(...qTop.values()));
      const exact = klDivergence(p, q);
      expect(bounds.lower).toBeLessThanOrEqual(exact + 1e-12);
      expect(bounds.upper).toBeGreaterThanOrEqual(exact - 1e-12);
    }
  });
});
