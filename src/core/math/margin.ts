import type { TopAlternative } from "../types.js";

/**
 * Margin between the two most probable alternatives: `l_(1) - l_(2)`, the difference of the
 * largest and second-largest logprobs, i.e. `log(p_(1) / p_(2))`. Small margins mean the model
 * hesitated between two tokens; 0 means a tie.
 *
 * Units: nats (>= 0). The alternatives need not be sorted (one scan finds the two largest).
 * Cost: O(k), no allocation.
 *
 * @param top alternatives at one position
 * @returns the margin in nats, or `undefined` when fewer than two alternatives are known
 */
export function margin(top: readonly Pick<TopAlternative, "logprob">[]): number | undefined {
  if (top.length < 2) return undefined;
  let first = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (const alternative of top) {
    const logprob = alternative.logprob;
    if (logprob > first) {
      second = first;
      first = logprob;
    } else if (logprob > second) {
      second = logprob;
    }
  }
  if (second === Number.NEGATIVE_INFINITY) return first === Number.NEGATIVE_INFINITY ? undefined : Infinity;
  return first - second;
}
