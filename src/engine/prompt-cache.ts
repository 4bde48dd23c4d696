/**
 * The engine's prompt cache: idle sequences keep the tokens (and their KV cache) of the request
 * they served, and a new request takes the idle sequence sharing the longest token prefix with its
 * prompt, keeps that prefix and evaluates only the rest, as llama-server's slots do. The retained
 * tokens of idle sequences are bounded by a token budget: when a sequence goes idle, the least
 * recently used idle sequences are cleared (and the returning one truncated) until the idle
 * sequences hold at most `budgetTokens`. Prompt positions also keep the statistics queried there
 * with a target (echo, score), so an echoed prefix is not recomputed either.
 *
 * Cached numbers are the numbers of the same positions evaluated before: the KV cache of a prefix
 * does not depend on what follows it. What differs from a cold evaluation is how the prompt is cut
 * into batches, and llama.cpp's kernels round a one-row batch differently from a many-row one:
 * test/server/prompt-cache.test.ts compares against a cold server (measured on stories260K: echoed
 * tokens equal; up to 3.1e-4 nats for tokens generated after a prompt whose last token was decoded
 * alone).
 */
import type { PromptCacheStats } from "../core/model.js";
import type { CachedPosition, EvaluatorPromptCache, EvaluatorSequence } from "./evaluator.js";

export type { CachedPosition, PromptCacheStats };

import type { PositionQuery, PositionStats } from "./position-stats.js";

/** A sequence's cached positions, as the evaluator keeps them. */
export interface CachedSequence {
  readonly tokens: readonly number[];
  cachedAt(position: number): CachedPosition | undefined;
}

/** Length of the longest common prefix of two token lists. O(min length). */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  while (length < limit && a[length] === b[length]) length++;
  return length;
}

/**
 * How many leading prompt tokens a request can keep from `sequence`: at most the shared prefix,
 * always leaving the last prompt token to evaluate (its position decides the first generated
 * token). With `echo`, every kept position p must have cached statistics with target
 * `prompt[p + 1]` and at least `topK` alternatives, and the position before the first evaluated
 * token too (its target is the first new token), so the kept prefix ends one token before the
 * first such gap. O(kept).
 */
export function reusableLength(
  sequence: CachedSequence,
  prompt: readonly number[],
  needs: { echo: boolean; topK: number },
): number {
  let keep = Math.min(commonPrefixLength(sequence.tokens, prompt), prompt.length - 1);
  if (!needs.echo) return Math.max(0, keep);
  // Position p predicts prompt[p + 1]; keeping tokens 0..keep-1 keeps positions 0..keep-1, which
  // must predict prompt tokens 1..keep, all inside the shared prefix.
  keep = Math.min(keep, commonPrefixLength(sequence.tokens, prompt) - 1);
  for (let position = 0; position < keep; position++) {
    const cached = sequence.cachedAt(position);
    if (!cached || cached.target !== prompt[position + 1] || cached.topK < needs.topK) return position;
  }
  return Math.max(0, keep);
}

/**
 * Evaluates `prompt` on `sequence` with `queries` (index-aligned), keeping the prefix that
 * {@link reusableLength} allows when `cache` is on (the sequence came from `cache.acquire`), and
 * records the request's reused and evaluated tokens. Returns the statistics of every prompt
 * position (cached or fresh; undefined where none was asked) and the tokens reused.
 * Nothing is evaluated when no query is set after the kept prefix.
 */
export async function evaluatePrompt(
  cache: EvaluatorPromptCache | undefined,
  sequence: EvaluatorSequence,
  prompt: readonly number[],
  queries: readonly (PositionQuery | undefined)[],
  needs: { echo: boolean; topK: number },
): Promise<{ stats: (PositionStats | undefined)[]; reusedTokens: number }> {
  const cachedAt = sequence.cachedAt?.bind(sequence);
  let kept = 0;
  if (cache && cachedAt) {
    kept = reusableLength({ tokens: sequence.tokens, cachedAt }, prompt, needs);
    await sequence.truncate(kept);
  }
  const tailQueries = queries.slice(kept);
  const evaluate = tailQueries.some((query) => query !== undefined);
  const fresh = evaluate ? await sequence.evaluate(prompt.slice(kept), tailQueries) : [];
  cache?.record(kept, evaluate ? prompt.length - kept : 0);
  const stats: (PositionStats | undefined)[] = [];
  for (let position = 0; position < kept; position++)
    stats.push(needs.echo ? cachedAt?.(position)?.stats : undefined);
  stats.push(...fresh);
  if (!evaluate && kept === 0) return { stats: [], reusedTokens: 0 };
  while (stats.length < prompt.length) stats.push(undefined);
  return { stats, reusedTokens: kept };
}
