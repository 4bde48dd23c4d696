import { InvalidInputError } from "../errors.js";
import { sumLogprob } from "./sum-logprob.js";

/**
 * Arithmetic mean of logprobs, `(1/n) sum_i l_i`: the average log-likelihood per token, and the
 * log of the geometric-mean token probability.
 *
 * Units: nats per token (<= 0). Cost: O(n) (compensated summation), no allocation.
 *
 * @param logprobs natural-log probabilities (nats), at least one
 * @returns the mean logprob in nats
 * @throws {InvalidInputError} when `logprobs` is empty
 */
export function meanLogprob(logprobs: ArrayLike<number>): number {
  if (logprobs.length === 0) {
    throw new InvalidInputError("logprobs", "the mean of no logprobs is undefined", "at least one value");
  }
  return sumLogprob(logprobs) / logprobs.length;
}
