/**
 * Log-sum-exp: `log(sum_i exp(x_i))`, computed stably as `m + log(sum_i exp(x_i - m))` with
 * `m = max_i x_i`, so no term overflows and the largest term contributes exactly `exp(0) = 1`.
 *
 * Units: same as the inputs (nats when the inputs are natural-log values).
 * Cost: O(n), two passes, no allocation.
 *
 * Rules: an empty input, or one whose values are all `-Infinity`, gives `-Infinity` (the log of an
 * empty sum). Any `+Infinity` gives `+Infinity`; any `NaN` gives `NaN`.
 *
 * @param values natural-log values (logprobs or logits)
 * @returns log of the sum of their exponentials
 */
export function logSumExp(values: ArrayLike<number>): number {
  const length = values.length;
  let maximum = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < length; index++) {
    const value = values[index] as number;
    if (Number.isNaN(value)) return Number.NaN;
    if (value > maximum) maximum = value;
  }
  if (maximum === Number.NEGATIVE_INFINITY || maximum === Number.POSITIVE_INFINITY) return maximum;
  let sum = 0;
  for (let index = 0; index < length; index++) sum += Math.exp((values[index] as number) - maximum);
  return maximum + Math.log(sum);
}
