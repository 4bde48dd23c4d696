import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { createRandom } from "./create-random.js";

describe("createRandom (MT19937)", () => {
  it("passes the C++ standard's check: the 10000th output of std::mt19937 (seed 5489) is 4123659995", () => {
    const random = createRandom(5489);
    let value = 0;
    for (let index = 0; index < 10000; index++) value = random.nextUint32();
    expect(value).toBe(4123659995);
  });

  it("matches numpy.random.RandomState(42) raw 32-bit outputs", () => {
    // numpy 2.4.6: RandomState(42).randint(0, 2**32, size=3, dtype=uint64) -> 1608637542 3421126067 4083286876
    const random = createRandom(42);
    expect([random.nextUint32(), random.nextUint32(), random.nextUint32()]).toEqual([
      1608637542, 3421126067, 4083286876,
    ]);
  });

  it("makes doubles in [0, 1) from two outputs as generate_canonical<double, 53>", () => {
    const raw = createRandom(42);
    const a = raw.nextUint32();
    const b = raw.nextUint32();
    // hand computation: (1608637542 + 3421126067 * 2^32) / 2^64
    expect(createRandom(42)()).toBe((a + b * 2 ** 32) / 2 ** 64);
    const random = createRandom(7);
    for (let index = 0; index < 1000; index++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it("is reproducible and seed-dependent", () => {
    const first = createRandom(123);
    const second = createRandom(123);
    const other = createRandom(124);
    const a = [first(), first(), first()];
    expect([second(), second(), second()]).toEqual(a);
    expect([other(), other(), other()]).not.toEqual(a);
  });

  it("rejects seeds outside [0, 2^32)", () => {
    for (const seed of [-1, 1.5, 2 ** 32, Number.NaN])
      expect(() => createRandom(seed)).toThrow(InvalidInputError);
  });
});
