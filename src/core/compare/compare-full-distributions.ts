/**
 * Exact token-by-token comparison of two models that share a tokenizer, from their full
 * next-token distributions, streamed window by window (see `paired-distributions.ts`): per token,
 * KL(base || model), top-1 agreement and both logprobs of the token; then llama.cpp's summary.
 * Cost: one forward pass per window per model, O(V) per compared position, O(n) numbers kept.
 */
import { InvalidInputError } from "../errors.js";
import { argmax } from "../math/argmax.js";
import { klDivergence } from "../math/kl-divergence.js";
import type { ComparedToken, CompareResult, CompareWindowing } from "./compare-result.js";
import { perplexityChunkWindows, slidingDistributionWindows } from "./evaluation-windows.js";
import type { FullDistributionSource } from "./full-distributions.js";
import { summarizeKlDivergence } from "./kl-divergence-summary.js";
import {
  forEachDistributionPair,
  type PairedDistributionOptions,
  sharedTokens,
  windowSizeFor,
} from "./paired-distributions.js";
import { summarizeComparedTokens } from "./summarize-compared-tokens.js";

/** Options of {@link compareFullDistributions}. */
export interface FullCompareOptions extends PairedDistributionOptions {
  /** Tokens per forward pass, BOS included (default: the smaller context). */
  windowSize?: number | undefined;
  /** Sliding-window stride (default: half the window). */
  stride?: number | undefined;
  /** "sliding" (every token, as `score`) or "llama-perplexity" (its chunks). Default "sliding". */
  windowing?: CompareWindowing | undefined;
}

/**
 * Compares `model` against `base` on `text`.
 * @throws {InvalidInputError} when the tokenizers differ or the windows do not fit
 */
export async function compareFullDistributions(
  base: FullDistributionSource,
  model: FullDistributionSource,
  text: string,
  options: FullCompareOptions = {},
): Promise<CompareResult> {
  const tokens = await sharedTokens(base, model, text, "model");
  const windowSize = windowSizeFor(base, model, options.windowSize);
  const windowing = options.windowing ?? "sliding";
  const windows =
    windowing === "llama-perplexity"
      ? perplexityChunkWindows(tokens, windowSize, base.bosToken)
      : slidingDistributionWindows(tokens, windowSize, base.bosToken, options.stride);
  const pieces = tokens.map((id) => base.tokenPiece(id));
  const offsets: number[] = [];
  let length = 0;
  for (const piece of pieces) {
    offsets.push(length);
    length += piece.length;
  }
  const compared: ComparedToken[] = [];
  await forEachDistributionPair(
    base,
    model,
    windows,
    (window, index, baseLogprobs, modelLogprobs) => {
      const target = window.targets[index] as number;
      const id = tokens[target] as number;
      const baseLogprob = baseLogprobs[id] as number;
      const modelLogprob = modelLogprobs[id] as number;
      const baseTop = argmax(baseLogprobs);
      const modelTop = argmax(modelLogprobs);
      compared.push({
        index: target,
        token: pieces[target] as string,
        textOffset: offsets[target] as number,
        id,
        baseLogprob,
        modelLogprob,
        logprobDifference: modelLogprob - baseLogprob,
        klDivergence: klDivergence(baseLogprobs, modelLogprobs),
        baseTop: base.tokenPiece(baseTop),
        modelTop: model.tokenPiece(modelTop),
        sameTop: baseTop === modelTop,
      });
    },
    options,
  );
  if (compared.length === 0) {
    throw new InvalidInputError(
      "text",
      "the text holds no token to compare: it needs 2 tokens (1 when the model adds BOS), and llama-perplexity windows compare only their second half",
      "a longer text",
    );
  }
  const divergences = compared.map((token) => token.klDivergence as number);
  return {
    base: base.id,
    model: model.id,
    method: "exact",
    windowing,
    tokens: compared,
    klDivergence: summarizeKlDivergence(
      divergences,
      compared.map((token) => token.sameTop === true),
    ),
    klDivergenceBounds: null,
    ...summarizeComparedTokens(compared, divergences),
    sources: { base: base.evaluatorName, model: model.evaluatorName },
    warnings: [],
  };
}
