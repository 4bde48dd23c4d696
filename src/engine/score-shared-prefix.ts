/**
 * Scores several whole texts on one sequence, evaluating each token prefix they share once: the
 * texts' token lists (BOS first when the model adds it) are visited in lexicographic order, which
 * is the depth-first order of their prefix tree, and between two texts the sequence is truncated to
 * their longest common prefix. So every node of the tree is evaluated once, plus one token per
 * branch point (the last shared token is evaluated again to query the distribution after it with
 * the new text's next token as target). A multiple-choice item (one context, N endings) costs
 * `context + N * (ending + 1)` token evaluations instead of `N * (context + ending)`.
 *
 * This is llama-perplexity's shared-context scoring (`--hellaswag`, `--multiple-choice`) done on
 * one sequence through its KV cache instead of with several sequence ids per batch entry: the
 * context's keys and values are computed once and kept while each ending is evaluated after it.
 * The numbers equal scoring each text alone up to the floating-point effect of splitting a forward
 * pass into different batches (measured in test/engine/score-shared-prefix.test.ts).
 */
import type { Token } from "node-llama-cpp";
import { CancelledError, ContextOverflowError, InvalidInputError } from "../core/errors.js";
import type { ScoreManyRequest, ScoreResult } from "../core/model.js";
import type { EngineRuntime } from "./engine-runtime.js";
import type { PositionQuery, PositionStats } from "./position-stats.js";
import { commonPrefixLength } from "./prompt-cache.js";
import { scoreResultOf } from "./score-text.js";

/** Order of `inputs` (indices) in lexicographic token order: the depth-first order of their prefix tree. */
export function prefixTreeOrder(inputs: readonly (readonly number[])[]): number[] {
  return inputs
    .map((_, index) => index)
    .sort((x, y) => {
      const a = inputs[x] as readonly number[];
      const b = inputs[y] as readonly number[];
      const shared = commonPrefixLength(a, b);
      if (shared === a.length || shared === b.length) return a.length - b.length || x - y;
      return (a[shared] as number) - (b[shared] as number);
    });
}

/**
 * Scores every text of `request` (validated), one result per text in order. Throws
 * {@link ContextOverflowError} naming `texts.<i>` when a text does not fit one sequence, and
 * {@link InvalidInputError} when a text has no token to score.
 * Cost: one evaluation per node of the texts' prefix tree plus one per branch point.
 */
export async function scoreSharedPrefix(
  runtime: EngineRuntime,
  request: ScoreManyRequest,
): Promise<ScoreResult[]> {
  const { model, evaluator } = runtime;
  const bos = model.tokens.bos;
  const withBos = model.tokens.shouldPrependBosToken && bos !== null;
  const topK = request.topLogprobs ?? 0;
  const textTokens: number[][] = [];
  for (const text of request.texts) textTokens.push(await runtime.tokenizer.tokenize(text, false));
  const inputs = textTokens.map((tokens) => [...(withBos ? [bos as Token as number] : []), ...tokens]);
  inputs.forEach((input, index) => {
    if (input.length > evaluator.contextSize) {
      throw new ContextOverflowError(
        input.length,
        evaluator.contextSize,
        `texts.${index} needs ${input.length} tokens but the context holds ${evaluator.contextSize} (allowed: 1 to ${evaluator.contextSize - (withBos ? 1 : 0)} text tokens); shorten it or load the model with a larger contextSize`,
        `texts.${index}`,
      );
    }
    if (input.length < 2) {
      throw new InvalidInputError(
        `texts.${index}`,
        `texts.${index} must hold at least ${withBos ? 1 : 2} token${withBos ? "" : "s"} to score`,
        `a text of at least ${withBos ? 1 : 2} token${withBos ? "" : "s"}`,
      );
    }
  });

  // `path` is the token list in the sequence's cache; pathStats[p] the statistics of position p
  // with path[p + 1] as target.
  let path: number[] = [];
  let pathStats: PositionStats[] = [];
  const results: ScoreResult[] = new Array(inputs.length);
  const sequence = await evaluator.acquire(request.signal);
  try {
    for (const index of prefixTreeOrder(inputs)) {
      if (request.signal?.aborted) throw new CancelledError("scoring was cancelled");
      const input = inputs[index] as number[];
      const shared = commonPrefixLength(path, input);
      if (shared < input.length) {
        // Keep positions 0 .. shared - 2 (their targets are shared tokens); evaluate from the last
        // shared token on, querying every position that predicts one of this text's tokens.
        const from = Math.max(0, shared - 1);
        await sequence.truncate(from);
        const tail = input.slice(from);
        const queries: (PositionQuery | undefined)[] = tail.map((_, offset) =>
          from + offset + 1 < input.length ? { topK, target: input[from + offset + 1] as number } : undefined,
        );
        const stats = await sequence.evaluate(tail, queries);
        pathStats = pathStats.slice(0, from);
        for (let offset = 0; offset < tail.length - 1; offset++)
          pathStats.push(stats[offset] as PositionStats);
        path = input;
      }
      const offset = withBos ? 1 : 0;
      const numbers = (textTokens[index] as number[]).map((_, tokenIndex) =>
        tokenIndex + offset >= 1 ? pathStats[tokenIndex + offset - 1] : undefined,
      );
      results[index] = scoreResultOf(runtime, textTokens[index] as number[], numbers, withBos);
    }
  } finally {
    sequence.release();
  }
  return results;
}
