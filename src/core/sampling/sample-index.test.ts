import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { createRandom } from "./create-random.js";
import { sampleIndex } from "./sample-index.js";

describe("sampleIndex", () => {
  const logprobs = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];

  it("returns the first index whose running sum reaches u * total", () => {
    // hand computation: cumulative 0.5, 0.8, 1.0
    expect(sampleIndex(logprobs, () => 0)).toBe(0);
    expect(sampleIndex(logprobs, () => 0.49)).toBe(0);
    expect(sampleIndex(logprobs, () => 0.6)).toBe(1);
    expect(sampleIndex(logprobs, () => 0.81)).toBe(2);
    expect(sampleIndex(logprobs, () => 0.999999)).toBe(2);
    // unnormalised scores: same distribution shifted by +10
    expect(
      sampleIndex(
        logprobs.map((value) => value + 10),
        () => 0.6,
      ),
    ).toBe(1);
  });

  it("never draws -Infinity entries", () => {
    expect(sampleIndex([Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY], () => 0.999)).toBe(1);
    expect(sampleIndex([Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY], () => 0)).toBe(1);
  });

  it("draws with the right frequencies (oracle: the distribution itself)", () => {
    const random = createRandom(2024);
    const counts = [0, 0, 0];
    const draws = 100_000;
    for (let index = 0; index < draws; index++) {
      const drawn = sampleIndex(logprobs, random);
      counts[drawn] = (counts[drawn] ?? 0) + 1;
    }
    // standard error of a frequency near 0.5 over 1e5 draws is 0.0016; 0.008 is 5 sigma
    [0.5, 0.3, 0.2].forEach((p, index) => {
      expect(Math.abs((counts[index] as number) / draws - p)).toBeLessThan(0.008);
    });
  });

  it("rejects empty or all-impossible candidates and NaN", () => {
    expect(() => sampleIndex([], Math.random)).toThrow(InvalidInputError);
    expect(() => sampleIndex([Number.NEGATIVE_INFINITY], Math.random)).toThrow(/logprobs/);
    expect(() => sampleIndex([0, Number.NaN], Math.random)).toThrow(/logprobs\[1\]/);
  });
});
