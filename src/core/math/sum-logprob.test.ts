import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { bitsPerByte } from "./bits-per-byte.js";
import { meanLogprob } from "./mean-logprob.js";
import { minLogprob } from "./min-logprob.js";
import { perplexity } from "./perplexity.js";
import { sumLogprob } from "./sum-logprob.js";

describe("sum, mean, min logprob and perplexity", () => {
  const logprobs = [Math.log(0.5), Math.log(0.25)];

  it("sum is the joint logprob", () => {
    // hand computation: ln(0.5 * 0.25) = ln 0.125 = -3 ln 2
    expect(sumLogprob(logprobs)).toBeCloseTo(-3 * Math.LN2, 15);
    expect(sumLogprob([])).toBe(0);
  });

  it("sum is compensated: small terms next to a large one are not lost", () => {
    // hand computation: -1 - 10 * 1e-16 = -1.000000000000001; naive left-to-right summation gives -1
    const values = [-1, ...Array(10).fill(-1e-16)];
    expect(values.reduce((a, b) => a + b, 0)).toBe(-1);
    expect(sumLogprob(values)).toBe(-1.000000000000001);
  });

  it("mean, min and perplexity", () => {
    // hand computation: mean = -1.5 ln 2, min = ln 0.25, perplexity = 2^1.5 = 2.8284271247461903
    expect(meanLogprob(logprobs)).toBeCloseTo(-1.5 * Math.LN2, 15);
    expect(minLogprob(logprobs)).toBe(Math.log(0.25));
    expect(perplexity(logprobs)).toBeCloseTo(2.8284271247461903, 14);
    // hand computation: a uniform guess over 4 tokens has perplexity 4
    expect(perplexity(Array(7).fill(Math.log(0.25)))).toBeCloseTo(4, 13);
    expect(perplexity([0, 0])).toBe(1);
  });

  it("rejects empty input for mean, min and perplexity", () => {
    expect(() => meanLogprob([])).toThrow(InvalidInputError);
    expect(() => minLogprob([])).toThrow(InvalidInputError);
    expect(() => perplexity([])).toThrow(/logprobs/);
  });
});

describe("bitsPerByte", () => {
  it("converts nats to bits and divides by bytes", () => {
    // hand computation: 8 ln 2 nats = 8 bits over 4 bytes = 2 bits per byte
    expect(bitsPerByte(8 * Math.LN2, 4)).toBeCloseTo(2, 15);
    expect(bitsPerByte(0, 3)).toBe(0);
  });

  it("rejects a byte count that is not a positive integer and a negative NLL", () => {
    expect(() => bitsPerByte(1, 0)).toThrow(/byteCount/);
    expect(() => bitsPerByte(1, 1.5)).toThrow(InvalidInputError);
    expect(() => bitsPerByte(-1, 4)).toThrow(/totalNegativeLogLikelihoodNats/);
    expect(() => bitsPerByte(Number.NaN, 4)).toThrow(InvalidInputError);
  });
});
