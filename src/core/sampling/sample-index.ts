import { InvalidInputError } from "../errors.js";

/**
 * Draws an index from a categorical distribution by inverse transform sampling, as llama.cpp's
 * `dist` sampler does: with `u = random()` in [0, 1) and `S = sum_i p_i` (`p_i = exp(l_i - max)`),
 * return the first i whose running sum reaches `u * S`. The scores need not be normalised; entries
 * of `-Infinity` are never drawn.
 *
 * Cost: O(n), one draw from `random`.
 *
 * @param logprobs log-scores of the candidates (nats; any constant offset)
 * @param random a uniform source in [0, 1), e.g. {@link createRandom}
 * @returns the drawn index into `logprobs`
 * @throws {InvalidInputError} when there is no candidate with a finite score, or a score is NaN or +Infinity
 */
export function sampleIndex(logprobs: ArrayLike<number>, random: () => number): number {
  let maximum = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < logprobs.length; index++) {
    const value = logprobs[index] as number;
    if (Number.isNaN(value) || value === Number.POSITIVE_INFINITY) {
      throw new InvalidInputError(
        `logprobs[${index}]`,
        `logprobs[${index}] is ${value}`,
        "a number or -Infinity",
      );
    }
    if (value > maximum) maximum = value;
  }
  if (maximum === Number.NEGATIVE_INFINITY) {
    throw new InvalidInputError(
      "logprobs",
      "logprobs has no candidate with a non-zero probability to sample",
      "at least one finite logprob",
    );
  }
  let total = 0;
  for (let index = 0; index < logprobs.length; index++)
    total += Math.exp((logprobs[index] as number) - maximum);
  const target = total * random();
  let running = 0;
  let last = 0;
  for (let index = 0; index < logprobs.length; index++) {
    const weight = Math.exp((logprobs[index] as number) - maximum);
    if (weight === 0) continue;
    running += weight;
    last = index;
    if (running >= target) return index;
  }
  return last;
}
