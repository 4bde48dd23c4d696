import { InvalidInputError } from "../errors.js";

/** A seeded source of uniform random numbers. Calling it returns a double in [0, 1). */
export interface Random {
  (): number;
  /** The next raw 32-bit output of the generator, an integer in [0, 2^32). */
  nextUint32(): number;
}

const N = 624;
const M = 397;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MATRIX_A = 0x9908b0df;
const TWO_32 = 4294967296;

/**
 * A seeded pseudo-random generator: the 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura
 * 1998), the `std::mt19937` that llama.cpp's `dist` sampler draws from, seeded like
 * `std::mt19937(seed)`. Doubles are made as libstdc++'s `generate_canonical<double, 53>` makes
 * them from two outputs: `u = (a + b * 2^32) / 2^64` (a drawn first), with 1 mapped to the largest
 * double below 1. The generator passes the C++ standard's check: the 10000th output of a
 * default-constructed `std::mt19937` (seed 5489) is 4123659995.
 *
 * Not for cryptography. Cost: O(1) amortised per number (624 outputs per state refill), 2.5 KB
 * of state.
 *
 * @param seed an integer in [0, 2^32)
 * @returns a generator; call it for doubles in [0, 1), or `nextUint32()` for raw outputs
 * @throws {InvalidInputError} when the seed is not an integer in [0, 2^32)
 */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_32) {
    throw new InvalidInputError("seed", `seed is ${seed}`, "an integer in [0, 4294967295]");
  }
  const state = new Uint32Array(N);
  state[0] = seed >>> 0;
  for (let index = 1; index < N; index++) {
    const previous = (state[index - 1] as number) ^ ((state[index - 1] as number) >>> 30);
    // 1812433253 * previous + index, modulo 2^32, without losing bits to float rounding
    state[index] = (Math.imul(1812433253, previous) + index) >>> 0;
  }
  let position = N;

  const refill = () => {
    for (let index = 0; index < N; index++) {
      const bits =
        ((state[index] as number) & UPPER_MASK) | ((state[(index + 1) % N] as number) & LOWER_MASK);
      let next = (state[(index + M) % N] as number) ^ (bits >>> 1);
      if (bits & 1) next ^= MATRIX_A;
      state[index] = next >>> 0;
    }
    position = 0;
  };

  const nextUint32 = (): number => {
    if (position >= N) refill();
    let value = state[position++] as number;
    value ^= value >>> 11;
    value ^= (value << 7) & 0x9d2c5680;
    value ^= (value << 15) & 0xefc60000;
    value ^= value >>> 18;
    return value >>> 0;
  };

  const random = (() => {
    const low = nextUint32();
    const high = nextUint32();
    const value = (low + high * TWO_32) / (TWO_32 * TWO_32);
    return value >= 1 ? 1 - Number.EPSILON / 2 : value;
  }) as Random;
  random.nextUint32 = nextUint32;
  return random;
}
