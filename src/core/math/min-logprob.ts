import { InvalidInputError } from "../errors.js";

/**
 * Smallest logprob: the least probable (most surprising) token of a sequence.
 *
 * Units: nats (<= 0). `NaN` entries are not comparable and are skipped (all `NaN` gives `NaN`).
 * Cost: O(n), no allocation.
 *
 * @param logprobs natural-log probabilities (nats), at least one
 * @returns the minimum in nats
 * @throws {InvalidInputError} when `logprobs` is empty
 */
export function minLogprob(logprobs: ArrayLike<number>): number {
  if (logprobs.length === 0) {
    throw new InvalidInputError("logprobs", "the minimum of no logprobs is undefined", "at least one value");
  }
  let minimum = Number.POSITIVE_INFINITY;
  for (let index = 0; index < logprobs.length; index++) {
    const value = logprobs[index] as number;
    if (value < minimum) minimum = value;
  }
  return minimum === Number.POSITIVE_INFINITY ? Number.NaN : minimum;
}
