/**
 * Index of the most probable entry of a logprob (or logit) vector; ties go to the lowest index,
 * as llama.cpp's `llama-perplexity` picks its "top" token. `-1` for an empty vector or one that is
 * all `-Infinity`/NaN. Cost: O(V), no allocation.
 *
 * @param values logprobs or logits indexed by token id
 */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (value > bestValue) {
      bestValue = value;
      best = index;
    }
  }
  return best;
}
