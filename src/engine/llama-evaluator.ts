/**
 * The fallback {@link Evaluator} (the native path in `native/` is the default; `nativeEvaluatorFactory`
 * falls back to this one when the addon cannot run): node-llama-cpp's
 * `LlamaContextSequence.controlledEvaluate`, asking
 * for the full probability distribution at each queried position (greedy sampler, so the
 * distribution is the raw softmax of the logits) and computing the statistics in JavaScript.
 *
 * Cost per queried position: node-llama-cpp sorts the whole vocabulary natively and hands over a
 * Map of V entries (O(V log V)); {@link positionStatsFromLogprobs} then adds O(V). Positions that
 * are not queried cost only the forward pass. Memory stays bounded: tokens go to node-llama-cpp in
 * pieces of at most {@link QUERIES_PER_CALL} queried positions, each reduced to O(k) statistics
 * before the next piece (a whole 2,300-token window at once held 2,300 Maps of 151,936 entries
 * and ran out of JavaScript heap).
 */
import type {
  ControlledEvaluateInputItem,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  Token,
} from "node-llama-cpp";
import type { Evaluator, EvaluatorSequence } from "./evaluator.js";
import {
  logprobsFromProbabilityMap,
  type PositionQuery,
  type PositionStats,
  positionStatsFromLogprobs,
} from "./position-stats.js";
import { SequencePool } from "./sequence-pool.js";

/** Options of {@link createLlamaEvaluator}. */
export interface LlamaEvaluatorOptions {
  /** Context size of each sequence, in tokens. */
  contextSize: number;
  /** Number of sequences (requests served at once). */
  parallel: number;
  /** CPU threads for evaluation (node-llama-cpp's default when absent). */
  threads?: number;
  /** Tokens per batch (node-llama-cpp's default when absent: min(512, contextSize)). */
  batchSize?: number;
}

/** Most queried positions handed to node-llama-cpp in one call (each comes back as a V-entry Map). */
export const QUERIES_PER_CALL = 8;

/**
 * Splits `queries` into consecutive [start, end) pieces, each with at most `limit` queried
 * positions (unqueried positions join the piece they precede or follow). O(n).
 */
export function piecesWithQueriesAtMost(
  queries: readonly (PositionQuery | undefined)[],
  limit: number,
): [number, number][] {
  const pieces: [number, number][] = [];
  let start = 0;
  let queried = 0;
  for (let index = 0; index < queries.length; index++) {
    if (!queries[index]) continue;
    if (queried === limit) {
      pieces.push([start, index]);
      start = index;
      queried = 0;
    }
    queried++;
  }
  if (start < queries.length || pieces.length === 0) pieces.push([start, queries.length]);
  return pieces;
}

class LlamaSequence implements EvaluatorSequence {
  readonly #sequence: LlamaContextSequence;
  readonly #vocabularySize: number;
  readonly #release: (sequence: LlamaSequence) => void;
  #released = false;

  constructor(
    sequence: LlamaContextSequence,
    vocabularySize: number,
    release: (sequence: LlamaSequence) => void,
  ) {
    this.#sequence = sequence;
    this.#vocabularySize = vocabularySize;
    this.#release = release;
  }

  get tokens(): readonly number[] {
    return this.#sequence.contextTokens;
  }

  get raw(): LlamaContextSequence {
    return this.#sequence;
  }

  reopen(): void {
    this.#released = false;
  }

  async evaluate(
    tokens: readonly number[],
    queries: readonly (PositionQuery | undefined)[],
  ): Promise<(PositionStats | undefined)[]> {
    if (tokens.length === 0) return [];
    const stats: (PositionStats | undefined)[] = [];
    for (const [start, end] of piecesWithQueriesAtMost(queries, QUERIES_PER_CALL)) {
      const input: ControlledEvaluateInputItem[] = [];
      for (let index = start; index < end; index++) {
        const token = tokens[index] as Token;
        input.push(queries[index] ? [token, { generateNext: { probabilities: true } }] : token);
      }
      const output = await this.#sequence.controlledEvaluate(input);
      for (let index = start; index < end; index++) {
        const query = queries[index];
        const probabilities = output[index - start]?.next.probabilities;
        stats.push(
          query && probabilities
            ? positionStatsFromLogprobs(
                logprobsFromProbabilityMap(probabilities, this.#vocabularySize),
                query,
              )
            : undefined,
        );
      }
    }
    return stats;
  }

  async truncate(length: number): Promise<void> {
    const end = this.#sequence.nextTokenIndex;
    if (length >= end) return;
    if (length <= 0) await this.#sequence.clearHistory();
    else await this.#sequence.eraseContextTokenRanges([{ start: length, end }]);
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#release(this);
  }
}

/** Number of vocabulary tokens, from the GGUF metadata. */
export function vocabularySizeOf(model: LlamaModel): number {
  const tokens = model.fileInfo.metadata?.tokenizer?.ggml?.tokens;
  if (tokens && tokens.length > 0) return tokens.length;
  throw new Error("the model file has no tokenizer vocabulary (tokenizer.ggml.tokens)");
}

/**
 * Creates a context of `parallel` sequences on a loaded model and wraps it as an {@link Evaluator}.
 * Memory: the KV cache of `contextSize * parallel` tokens, plus the logits of one batch.
 */
export async function createLlamaEvaluator(
  model: LlamaModel,
  options: LlamaEvaluatorOptions,
): Promise<Evaluator> {
  const context: LlamaContext = await model.createContext({
    contextSize: options.contextSize,
    sequences: options.parallel,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  });
  const vocabularySize = vocabularySizeOf(model);
  const sequences: LlamaSequence[] = [];
  const pool = new SequencePool<LlamaSequence>([]);
  for (let index = 0; index < options.parallel; index++) {
    sequences.push(
      new LlamaSequence(context.getSequence(), vocabularySize, (sequence) => pool.give(sequence)),
    );
  }
  for (const sequence of sequences) pool.give(sequence);

  return {
    contextSize: context.contextSize,
    vocabularySize,
    info: { name: "node-llama-cpp", device: model.llama.gpu === false ? "cpu" : model.llama.gpu },
    async acquire(signal?: AbortSignal): Promise<EvaluatorSequence> {
      const sequence = await pool.take(signal);
      sequence.reopen();
      try {
        if (sequence.raw.nextTokenIndex > 0) await sequence.raw.clearHistory();
      } catch (error) {
        sequence.release();
        throw error;
      }
      return sequence;
    },
    async close(): Promise<void> {
      pool.close();
      await context.dispose();
    },
  };
}
