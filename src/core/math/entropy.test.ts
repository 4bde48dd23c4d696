import { describe, expect, it } from "vitest";
import { entropy, entropyFromLogits } from "./entropy.js";

describe("entropy", () => {
  it("of a uniform distribution over n outcomes is ln n", () => {
    // hand computation: H(uniform 4) = ln 4
    expect(entropy(Array(4).fill(Math.log(0.25)))).toBeCloseTo(Math.log(4), 15);
  });

  it("matches a hand computation on a skewed distribution", () => {
    // hand computation: H(0.5, 0.25, 0.25) = 0.5 ln 2 + 2 * 0.25 ln 4 = 1.5 ln 2
    expect(entropy([Math.log(0.5), Math.log(0.25), Math.log(0.25)])).toBeCloseTo(1.5 * Math.LN2, 15);
  });

  it("treats -Infinity entries as zero-probability outcomes", () => {
    // hand computation: H(1, 0) = 0 and H(0.5, 0.5, 0) = ln 2
    expect(entropy([0, Number.NEGATIVE_INFINITY])).toBe(0);
    expect(entropy([Math.log(0.5), Math.log(0.5), Number.NEGATIVE_INFINITY])).toBeCloseTo(Math.LN2, 15);
  });
});

describe("entropyFromLogits", () => {
  it("normalises the logits with log-sum-exp", () => {
    // hand computation (Python math): softmax(1, 2, 3) has entropy 0.8323955818399389 nats
    expect(entropyFromLogits([1, 2, 3])).toBeCloseTo(0.8323955818399389, 14);
    expect(entropyFromLogits(new Float32Array([1, 2, 3]))).toBeCloseTo(0.8323955818399389, 6);
  });

  it("is invariant to adding a constant, even a huge one", () => {
    // hand computation: softmax(x + c) = softmax(x)
    expect(entropyFromLogits([1001, 1002, 1003])).toBeCloseTo(0.8323955818399389, 11);
    expect(entropyFromLogits([-5000, -5000])).toBeCloseTo(Math.LN2, 12);
  });

  it("gives ln n for equal logits, ignores masked ones, NaN for none", () => {
    expect(entropyFromLogits([7, 7, 7, Number.NEGATIVE_INFINITY])).toBeCloseTo(Math.log(3), 14);
    expect(entropyFromLogits([])).toBeNaN();
    expect(entropyFromLogits([Number.NEGATIVE_INFINITY])).toBeNaN();
  });
});
