/**
 * The evaluation seam: everything the engine needs from a model runtime. The default is the
 * native path (src/engine/native/: logprobe's addon, on the CPU or a GPU backend); node-llama-cpp's
 * probability lists ({@link createLlamaEvaluator}) are the fallback when the addon cannot run,
 * and `LoadModelOptions.evaluator` plugs in another implementation. Each evaluator says what it
 * is in `info` (name, device, CPU kernels), which every result's provenance carries.
 */
import type { LlamaModel } from "node-llama-cpp";
import type { PromptCacheStats } from "../core/model.js";
import type { EvaluatorInfo } from "../core/types.js";
import type { EvaluatorGrammar } from "./evaluator-grammar.js";
import type { GpuLayers } from "./native/gpu-backend.js";
import type { PositionQuery, PositionStats } from "./position-stats.js";

/** The statistics of one evaluated position and the query that produced them (prompt cache). */
export interface CachedPosition {
  stats: PositionStats;
  topK: number;
  target: number;
}
export type { EvaluatorGrammar } from "./evaluator-grammar.js";

/** One context sequence held by one request. Not safe for concurrent calls. */
export interface EvaluatorSequence {
  /** Tokens currently evaluated into the sequence, in order. */
  readonly tokens: readonly number[];
  /**
   * Appends `tokens` to the sequence and evaluates them (batched as the runtime sees fit). For
   * each input index `i` with `queries[i]` set, returns the statistics of the next-token
   * distribution after `tokens[i]` (the raw model distribution: no temperature, no truncation).
   * The caller has checked that the result fits the context: implementations must not shift it.
   */
  evaluate(
    tokens: readonly number[],
    queries: readonly (PositionQuery | undefined)[],
  ): Promise<(PositionStats | undefined)[]>;
  /** Removes every token from index `length` on, keeping the evaluated state before it. */
  truncate(length: number): Promise<void>;
  /** Gives the sequence back to the pool; it is cleared before its next use. */
  release(): void;
  /**
   * The statistics cached at `position` (queried with a target), when the evaluator keeps them
   * (prompt cache, see prompt-cache.ts).
   */
  cachedAt?(position: number): CachedPosition | undefined;
}

/** The prompt cache of an evaluator that has one (see prompt-cache.ts). */
export interface EvaluatorPromptCache {
  /**
   * Waits for a free sequence like `acquire`, taking the idle one that shares the longest prefix
   * with `prompt`, with its tokens kept: the caller truncates it to what it reuses.
   */
  acquire(prompt: readonly number[], signal?: AbortSignal): Promise<EvaluatorSequence>;
  /** Counts one request's reused and evaluated prompt tokens. */
  record(reusedTokens: number, evaluatedTokens: number): void;
  stats(): PromptCacheStats;
}

/** A loaded model runtime that hands out sequences. */
export interface Evaluator {
  /** Context size of each sequence, in tokens. */
  readonly contextSize: number;
  /** Number of tokens in the vocabulary. */
  readonly vocabularySize: number;
  /** The implementation ("native" or "node-llama-cpp"), its device and CPU kernels. */
  readonly info: EvaluatorInfo;
  /**
   * True when `evaluate` honours `PositionQuery.sample` (chooses sampled tokens itself, so that
   * sampling needs no full distribution in JavaScript). Absent = false.
   */
  readonly samplesNatively?: boolean;
  /**
   * Parses a GBNF grammar (start rule `root`) for this model's vocabulary, off the JavaScript
   * thread, into a state for one generation that `SampleQuery.grammar` applies inside the
   * evaluator's own sampling step. Present only with `samplesNatively`. Rejects with the parser's
   * reason when the text does not parse.
   */
  createGrammar?(gbnf: string): Promise<EvaluatorGrammar>;
  /**
   * Waits for a free sequence (first come, first served) and returns it empty. Rejects with
   * `CancelledError` when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<EvaluatorSequence>;
  /** The prompt cache, when enabled (`promptCacheTokens` > 0 on the native path). */
  readonly promptCache?: EvaluatorPromptCache;
  /** Frees the runtime's resources; pending `acquire` calls reject. */
  close(): Promise<void>;
}

/** What an evaluator factory gets: the loaded model and the resolved load options. */
export interface EvaluatorFactoryInput {
  /** node-llama-cpp's model (tokenizer, metadata); a native evaluator may load its own copy. */
  model: LlamaModel;
  /** Absolute path of the GGUF file. */
  modelPath: string;
  contextSize: number;
  parallel: number;
  threads?: number;
  gpu: "auto" | false;
  /** Layers to offload when running on a GPU (default "auto", as node-llama-cpp decides). */
  gpuLayers?: GpuLayers;
  /** Tokens per decode on the native path (default min(512, contextSize)). */
  batchSize?: number;
  /** Token budget of the prompt cache (0 or absent: off; see prompt-cache.ts). */
  promptCacheTokens?: number;
  /**
   * False when node-llama-cpp loaded only the vocabulary (the native path reads the weights
   * itself); a factory that needs node-llama-cpp's weights must then load them.
   */
  weightsLoaded?: boolean;
}

/** Creates the evaluator of a loaded model (the seam for a native path; see `evaluator.ts`). */
export type EvaluatorFactory = (input: EvaluatorFactoryInput) => Promise<Evaluator>;
