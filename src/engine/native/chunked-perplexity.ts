/**
 * Perplexity computed the way llama.cpp's `llama-perplexity` computes it, so that the two can be
 * compared number for number: the tokens (BOS first) are cut into non-overlapping windows of
 * `windowSize` tokens (a shorter tail is dropped), the first token of each window is replaced by
 * BOS, and only the second half of each window is scored (the token at index j, for
 * windowSize/2 < j < windowSize, given the j tokens before it in its window).
 */
import { mapConcurrently } from "../../core/concurrency/map-concurrently.js";
import type { Evaluator } from "../evaluator.js";
import type { PositionQuery } from "../position-stats.js";

/** Result of {@link chunkedPerplexity}. */
export interface ChunkedPerplexity {
  /** exp(mean negative logprob) over all scored tokens (nats based). */
  perplexity: number;
  /** Running perplexity after each window, as llama-perplexity prints `[i]value`. */
  perWindow: number[];
  /** Number of tokens scored: windows * (windowSize - windowSize/2 - 1). */
  scored: number;
  /** Number of tokens evaluated (windows * windowSize). */
  evaluated: number;
}

/**
 * Cost: one evaluation of `windowSize` tokens per window, logits for the second half only. With
 * `parallel` > 1, that many windows are evaluated at once on separate sequences (llama-perplexity's
 * `-b windowSize * parallel`): an evaluator that packs concurrent sequences (the native one, given a
 * batch of `windowSize * parallel` tokens) runs them in shared decodes. The numbers do not depend on
 * `parallel` beyond float rounding: each window is scored on its own sequence from an empty state.
 *
 * @param tokens the text's tokens with BOS first (as `llama_tokenize(..., add_special = true)`)
 * @param parallel windows evaluated at once (an integer >= 1; the evaluator needs that many sequences)
 * @throws RangeError when fewer than two windows fit (llama-perplexity requires 2 * windowSize)
 */
export async function chunkedPerplexity(
  evaluator: Evaluator,
  tokens: readonly number[],
  windowSize: number,
  bos: number,
  parallel = 1,
): Promise<ChunkedPerplexity> {
  if (!Number.isInteger(windowSize) || windowSize < 4 || windowSize > evaluator.contextSize) {
    throw new RangeError(`windowSize must be an integer from 4 to ${evaluator.contextSize}`);
  }
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw new RangeError(`parallel must be an integer >= 1 (got ${parallel})`);
  }
  const windows = Math.floor(tokens.length / windowSize);
  if (windows < 2) {
    throw new RangeError(
      `need at least ${2 * windowSize} tokens for windows of ${windowSize}, got ${tokens.length}`,
    );
  }
  const first = Math.floor(windowSize / 2);
  // Negative log-likelihood summed over each window's scored tokens, in window order.
  const windowNll = await mapConcurrently(
    Array.from({ length: windows }, (_, w) => w),
    parallel,
    async (w) => {
      const window = tokens.slice(w * windowSize, (w + 1) * windowSize);
      window[0] = bos;
      const queries: (PositionQuery | undefined)[] = window.map((_, j) =>
        j >= first && j + 1 < windowSize ? { target: window[j + 1]!, topK: 0 } : undefined,
      );
      const sequence = await evaluator.acquire();
      try {
        const stats = await sequence.evaluate(window, queries);
        let nll = 0;
        for (let j = first; j + 1 < windowSize; j++) {
          const logprob = stats[j]?.targetLogprob;
          if (logprob === undefined)
            throw new Error(`the evaluator returned no logprob at window ${w}, index ${j}`);
          nll -= logprob;
        }
        return nll;
      } finally {
        sequence.release();
      }
    },
  );
  const perWindowScored = windowSize - first - 1;
  const perWindow: number[] = [];
  let nll = 0;
  let scored = 0;
  for (const value of windowNll) {
    nll += value;
    scored += perWindowScored;
    perWindow.push(Math.exp(nll / scored));
  }
  return { perplexity: Math.exp(nll / scored), perWindow, scored, evaluated: windows * windowSize };
}
