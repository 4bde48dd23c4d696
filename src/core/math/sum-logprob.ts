/**
 * Sum of logprobs: the joint log-probability of a token sequence, `sum_i l_i = log prod_i p_i`.
 * Uses Neumaier's compensated summation so that long sequences lose no precision.
 *
 * Units: nats (<= 0). An empty input gives 0 (the empty product is 1).
 * Cost: O(n), no allocation.
 *
 * @param logprobs natural-log probabilities (nats)
 * @returns the joint logprob in nats
 */
export function sumLogprob(logprobs: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let index = 0; index < logprobs.length; index++) {
    const value = logprobs[index] as number;
    const total = sum + value;
    if (Math.abs(sum) >= Math.abs(value)) compensation += sum - total + value;
    else compensation += value - total + sum;
    sum = total;
  }
  const result = sum + compensation;
  // Infinite terms make the compensation NaN; the plain sum is then the answer.
  return Number.isNaN(result) && !Number.isNaN(sum) ? sum : result;
}
