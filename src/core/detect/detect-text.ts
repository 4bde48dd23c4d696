/**
 * `detectText`: was this text written by a model, was it in the training data? Scores a text with
 * an observer and a performer model (sharing a tokenizer): Binoculars, GLTR rank buckets, Min-K%
 * prob and Min-K%++. Exact when both models hand out full distributions (local models: streamed
 * window by window); otherwise from the observer's scored top-k logprobs, where Binoculars and
 * Min-K%++ are unavailable (a warning says so).
 * Cost: one forward pass per window per distinct model, O(V) per token (exact path).
 */
import { slidingDistributionWindows } from "../compare/evaluation-windows.js";
import type { FullDistributionSource } from "../compare/full-distributions.js";
import { fullDistributionsOf } from "../compare/full-distributions-of.js";
import {
  forEachDistributionPair,
  type PairedDistributionOptions,
  sharedTokens,
  windowSizeFor,
} from "../compare/paired-distributions.js";
import { InvalidInputError, UnsupportedError } from "../errors.js";
import { crossEntropy } from "../math/cross-entropy.js";
import type { LogprobModel, ModelWarning } from "../model.js";
import { binocularsScore } from "./binoculars-score.js";
import type { DetectedToken, DetectResult } from "./detect-result.js";
import { gltrBucketOf, gltrRankBuckets } from "./gltr-rank-buckets.js";
import {
  logprobMoments,
  minKPercentPlusPlus,
  minKPercentProbability,
  minKPlusPlusTokenScore,
} from "./min-k-percent.js";

/** Default k of Min-K% and Min-K%++ (percent), the value both papers recommend most often. */
export const DEFAULT_MIN_K_PERCENT = 20;
/** Alternatives asked of an observer without full distributions (GLTR needs ranks up to 10+). */
export const DETECT_TOP_K = 20;

/** Options of {@link detectText}. */
export interface DetectOptions extends PairedDistributionOptions {
  /** k of Min-K% / Min-K%++, in (0, 100] (default 20). */
  k?: number | undefined;
  /** Tokens per forward pass, BOS included (default: the smaller context). */
  windowSize?: number | undefined;
  stride?: number | undefined;
}

/** 1 + the number of tokens strictly more probable than `id`. O(V). */
function rankOf(logprobs: Float64Array, id: number): number {
  const target = logprobs[id] as number;
  let rank = 1;
  for (let index = 0; index < logprobs.length; index++) if ((logprobs[index] as number) > target) rank++;
  return rank;
}

function scoresOf(tokens: readonly DetectedToken[], k: number, exact: boolean): DetectResult["scores"] {
  if (tokens.length === 0)
    throw new InvalidInputError("text", "text must hold at least 2 tokens to be scored", "a longer text");
  const logprobs = tokens.map((token) => token.logprob);
  const observerLogPerplexity = -logprobs.reduce((sum, value) => sum + value, 0) / tokens.length;
  const cross = exact ? tokens.map((token) => token.crossEntropy as number) : null;
  const performerLogprobs = exact ? tokens.map((token) => token.performerLogprob as number) : null;
  return {
    // All-zero cross-entropies (one-hot observer distributions) leave B undefined: reported as null.
    binoculars:
      cross && performerLogprobs && cross.some((value) => value > 0)
        ? binocularsScore(performerLogprobs, cross)
        : null,
    observerLogPerplexity,
    performerLogPerplexity: performerLogprobs
      ? -performerLogprobs.reduce((sum, value) => sum + value, 0) / performerLogprobs.length
      : null,
    crossLogPerplexity: cross ? cross.reduce((sum, value) => sum + value, 0) / cross.length : null,
    gltr: gltrRankBuckets(tokens.flatMap((token) => (token.rank === null ? [] : [token.rank]))),
    k,
    minKPercent: minKPercentProbability(logprobs, k),
    minKPercentPlusPlus: exact
      ? minKPercentPlusPlus(
          tokens.map((token) => token.minKPlusPlus as number),
          k,
        )
      : null,
  };
}

async function detectExact(
  observer: FullDistributionSource,
  performer: FullDistributionSource,
  text: string,
  options: DetectOptions,
  k: number,
): Promise<DetectResult> {
  const tokens = await sharedTokens(observer, performer, text, "performer");
  const windowSize = windowSizeFor(observer, performer, options.windowSize);
  const windows = slidingDistributionWindows(tokens, windowSize, observer.bosToken, options.stride);
  let length = 0;
  const offsets = tokens.map((id) => {
    const offset = length;
    length += observer.tokenPiece(id).length;
    return offset;
  });
  const detected: DetectedToken[] = [];
  await forEachDistributionPair(
    observer,
    performer,
    windows,
    (window, index, observerLogprobs, performerLogprobs) => {
      const target = window.targets[index] as number;
      const id = tokens[target] as number;
      const logprob = observerLogprobs[id] as number;
      const rank = rankOf(observerLogprobs, id);
      detected.push({
        index: target,
        token: observer.tokenPiece(id),
        textOffset: offsets[target] as number,
        id,
        logprob,
        performerLogprob: performerLogprobs[id] as number,
        rank,
        bucket: gltrBucketOf(rank),
        // The official Binoculars x_ppl term: the observer's distribution as the target, the
        // performer's logprobs scoring it.
        crossEntropy: crossEntropy(observerLogprobs, performerLogprobs),
        minKPlusPlus: minKPlusPlusTokenScore(logprob, logprobMoments(observerLogprobs)),
      });
    },
    options,
  );
  return {
    observer: observer.id,
    performer: performer.id,
    method: "exact",
    tokens: detected,
    scores: scoresOf(detected, k, true),
    warnings: [],
  };
}

async function detectTopK(
  observer: LogprobModel,
  performer: LogprobModel,
  text: string,
  options: DetectOptions,
  k: number,
): Promise<DetectResult> {
  if (!observer.capabilities.promptLogprobs)
    throw new UnsupportedError("observer", `the model ${observer.id} cannot score given text`);
  const topLogprobs = Math.max(1, Math.min(DETECT_TOP_K, observer.capabilities.maxTopLogprobs));
  const scored = await observer.score({
    text,
    topLogprobs,
    ...(options.windowSize !== undefined ? { windowSize: options.windowSize } : {}),
    ...(options.stride !== undefined ? { stride: options.stride } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let running = 0;
  let unranked = 0;
  const detected: DetectedToken[] = [];
  scored.sequence.tokens.forEach((token, index) => {
    const textOffset = token.textOffset ?? running;
    running = textOffset + token.token.length;
    if (token.logprob === null) return;
    const listed = token.top.findIndex((alternative) => alternative.token === token.token);
    const rank = token.rank ?? (listed >= 0 ? listed + 1 : null);
    if (rank === null) unranked++;
    detected.push({
      index,
      token: token.token,
      textOffset,
      ...(token.id !== undefined ? { id: token.id } : {}),
      logprob: token.logprob,
      performerLogprob: null,
      rank,
      bucket: rank === null ? null : gltrBucketOf(rank),
      crossEntropy: null,
      minKPlusPlus: null,
    });
  });
  const warnings: ModelWarning[] = [
    ...scored.warnings,
    {
      code: "needs-full-distributions",
      message: `Binoculars and Min-K%++ need full distributions; ${observer.id}${observer === performer ? "" : ` or ${performer.id}`} gives only top-${topLogprobs} logprobs, so only Min-K% and GLTR are reported`,
    },
  ];
  if (unranked > 0) {
    warnings.push({
      code: "unranked-tokens",
      message: `${unranked} token(s) were outside the top-${topLogprobs} list, so their rank is unknown and GLTR leaves them out`,
    });
  }
  return {
    observer: observer.id,
    performer: performer.id,
    method: "top-k",
    tokens: detected,
    scores: scoresOf(detected, k, false),
    warnings,
  };
}

/**
 * Scores `text` for detection.
 * @throws {InvalidInputError} on empty text, k out of (0, 100], or different tokenizers
 */
export async function detectText(
  observer: LogprobModel,
  performer: LogprobModel,
  text: string,
  options: DetectOptions = {},
): Promise<DetectResult> {
  if (typeof text !== "string" || text.length === 0)
    throw new InvalidInputError("text", "text must be a non-empty string", "a non-empty string");
  const k = options.k ?? DEFAULT_MIN_K_PERCENT;
  if (!(k > 0 && k <= 100))
    throw new InvalidInputError("k", `k must be a percentage above 0 and at most 100 (got ${k})`, "(0, 100]");
  const fullObserver = fullDistributionsOf(observer);
  const fullPerformer = fullDistributionsOf(performer);
  if (fullObserver && fullPerformer) return detectExact(fullObserver, fullPerformer, text, options, k);
  return detectTopK(observer, performer, text, options, k);
}
