/**
 * `compareModels`: two models on the same text, token by token. Exact when both models hand out
 * full distributions (local models: `compareFullDistributions`), else from top-k logprobs with KL
 * bounds and a warning that says so (`compareScoredSequences`).
 */
import { InvalidInputError, UnsupportedError } from "../errors.js";
import type { LogprobModel } from "../model.js";
import { compareFullDistributions, type FullCompareOptions } from "./compare-full-distributions.js";
import type { CompareResult } from "./compare-result.js";
import { compareScoredSequences } from "./compare-scored-sequences.js";
import { fullDistributionsOf } from "./full-distributions-of.js";

/** Alternatives asked of each model when only top-k is available, unless `topK` says otherwise. */
export const DEFAULT_COMPARE_TOP_K = 20;

/** Options of {@link compareModels}. */
export interface CompareOptions extends FullCompareOptions {
  /** Alternatives per token asked of models without full distributions (default 20, capped by each). */
  topK?: number | undefined;
}

/**
 * Compares `model` against `base` (the reference P of KL(P || Q)) on `text`.
 * @throws {InvalidInputError} on empty text, different tokenizers (exact), or llama-perplexity
 *   windows without full distributions; {@link UnsupportedError} when a model cannot score text
 */
export async function compareModels(
  base: LogprobModel,
  model: LogprobModel,
  text: string,
  options: CompareOptions = {},
): Promise<CompareResult> {
  if (typeof text !== "string" || text.length === 0)
    throw new InvalidInputError("text", "text must be a non-empty string", "a non-empty string");
  const fullBase = fullDistributionsOf(base);
  const fullModel = fullDistributionsOf(model);
  if (fullBase && fullModel) return compareFullDistributions(fullBase, fullModel, text, options);
  if (options.windowing === "llama-perplexity") {
    throw new InvalidInputError(
      "windowing",
      "llama-perplexity windows need both models' full distributions (local models)",
      '"sliding"',
    );
  }
  for (const [field, candidate] of [
    ["base", base],
    ["model", model],
  ] as const) {
    if (!candidate.capabilities.promptLogprobs)
      throw new UnsupportedError(field, `the model ${candidate.id} cannot score given text`);
  }
  const topK = Math.max(
    1,
    Math.min(
      options.topK ?? DEFAULT_COMPARE_TOP_K,
      base.capabilities.maxTopLogprobs,
      model.capabilities.maxTopLogprobs,
    ),
  );
  const request = {
    text,
    topLogprobs: topK,
    ...(options.windowSize !== undefined ? { windowSize: options.windowSize } : {}),
    ...(options.stride !== undefined ? { stride: options.stride } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const scoredBase = await base.score(request);
  options.onProgress?.(1, 2);
  const scoredModel = await model.score(request);
  options.onProgress?.(2, 2);
  return compareScoredSequences(scoredBase, scoredModel, topK);
}
