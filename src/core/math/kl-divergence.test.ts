import { describe, expect, it } from "vitest";
import { argmax } from "./argmax.js";
import { crossEntropy } from "./cross-entropy.js";
import { entropy } from "./entropy.js";
import { klDivergence } from "./kl-divergence.js";

const ln = Math.log;

describe("klDivergence", () => {
  it("matches a hand computation", () => {
    // P = (0.5, 0.25, 0.25), Q = (0.25, 0.5, 0.25):
    // KL = 0.5 ln(0.5/0.25) + 0.25 ln(0.25/0.5) + 0.25 ln 1 = 0.5 ln 2 - 0.25 ln 2 = 0.25 ln 2
    const p = [ln(0.5), ln(0.25), ln(0.25)];
    const q = [ln(0.25), ln(0.5), ln(0.25)];
    expect(klDivergence(p, q)).toBeCloseTo(0.25 * Math.LN2, 15);
    // reverse: KL(Q||P) = 0.25 ln(0.5) + 0.5 ln 2 = 0.25 ln 2 (same here by symmetry of the swap)
    expect(klDivergence(q, p)).toBeCloseTo(0.25 * Math.LN2, 15);
  });

  it("is not symmetric in general", () => {
    // P = (0.9, 0.1), Q = (0.5, 0.5): KL(P||Q) = 0.9 ln 1.8 + 0.1 ln 0.2 = 0.368064...
    // KL(Q||P) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = 0.5 ln(25/9) = 0.510825...
    const p = [ln(0.9), ln(0.1)];
    const q = [ln(0.5), ln(0.5)];
    expect(klDivergence(p, q)).toBeCloseTo(0.9 * ln(1.8) + 0.1 * ln(0.2), 15);
    expect(klDivergence(q, p)).toBeCloseTo(0.5 * ln(25 / 9), 15);
  });

  it("is 0 for equal distributions, ignores p = 0 and is Infinity where q = 0 < p", () => {
    const p = [ln(0.5), ln(0.5), Number.NEGATIVE_INFINITY];
    expect(klDivergence(p, p)).toBe(0);
    expect(klDivergence(p, [ln(0.5), ln(0.25), ln(0.25)])).toBeCloseTo(0.5 * Math.LN2, 15);
    expect(klDivergence([0, Number.NEGATIVE_INFINITY], [Number.NEGATIVE_INFINITY, 0])).toBe(Infinity);
    expect(() => klDivergence([0], [0, 0])).toThrow(/same vocabulary/);
  });
});

describe("crossEntropy", () => {
  it("matches a hand computation and equals H(P) + KL(P||Q)", () => {
    // P = (0.5, 0.5), Q = (0.25, 0.75): H(P,Q) = -0.5 ln 0.25 - 0.5 ln 0.75 = 0.5 ln 4 + 0.5 ln(4/3)
    const p = [ln(0.5), ln(0.5)];
    const q = [ln(0.25), ln(0.75)];
    expect(crossEntropy(p, q)).toBeCloseTo(0.5 * ln(4) + 0.5 * ln(4 / 3), 15);
    expect(crossEntropy(p, q)).toBeCloseTo(entropy(p) + klDivergence(p, q), 15);
    expect(crossEntropy(p, p)).toBeCloseTo(Math.LN2, 15);
  });
});

describe("argmax", () => {
  it("returns the first of tied maxima, -1 for none", () => {
    expect(argmax([ln(0.25), ln(0.5), ln(0.25)])).toBe(1);
    expect(argmax([1, 3, 3])).toBe(1);
    expect(argmax([])).toBe(-1);
    expect(argmax([Number.NEGATIVE_INFINITY])).toBe(-1);
  });
});
