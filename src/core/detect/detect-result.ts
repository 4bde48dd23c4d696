/** The shape of a machine-text / training-data detection run on one text (see `detectText`). */
import type { ModelWarning } from "../model.js";
import type { GltrBuckets } from "./gltr-rank-buckets.js";

/** One scored token of the text, under the observer model. */
export interface DetectedToken {
  /** Index of the token in the observer's tokens of the text. */
  index: number;
  token: string;
  /** Character offset in the text (UTF-16 code units). */
  textOffset: number;
  id?: number;
  /** Logprob of the token under the observer (nats). */
  logprob: number;
  /** Logprob of the token under the performer (nats); null without full distributions. */
  performerLogprob: number | null;
  /** 1-based rank under the observer; null when beyond a top-k list. */
  rank: number | null;
  /** GLTR bucket of the rank; null when the rank is unknown. */
  bucket: "top10" | "top100" | "top1000" | "rest" | null;
  /**
   * H(observer, performer) = -sum_v O(v) log P(v) at this position (nats), the official Binoculars
   * code's x_ppl term; null without full distributions.
   */
  crossEntropy: number | null;
  /** Min-K%++ token score `(logprob - mu) / sigma`; null without full distributions. */
  minKPlusPlus: number | null;
}

/** The detection scores of a text. */
export interface DetectScores {
  /**
   * Binoculars score as the official code computes it, performerLogPerplexity /
   * crossLogPerplexity (low = likely machine-written); null without full distributions.
   */
  binoculars: number | null;
  /** Mean surprisal of the tokens under the observer (nats): log-perplexity. */
  observerLogPerplexity: number;
  /** Mean surprisal under the performer (nats): Binoculars' numerator; null without full distributions. */
  performerLogPerplexity: number | null;
  /** Mean H(observer, performer) (nats): log cross-perplexity; null without full distributions. */
  crossLogPerplexity: number | null;
  /** GLTR rank buckets of the tokens with a known rank. */
  gltr: GltrBuckets;
  /** The k of Min-K%, in percent. */
  k: number;
  /** Min-K% prob (high = likely in the training data). */
  minKPercent: number;
  /** Min-K%++ (high = likely in the training data); null without full distributions. */
  minKPercentPlusPlus: number | null;
}

/** Result of a detection run. */
export interface DetectResult {
  observer: string;
  performer: string;
  /** "exact": full distributions; "top-k": only what the observer's top-k tells. */
  method: "exact" | "top-k";
  tokens: DetectedToken[];
  scores: DetectScores;
  warnings: ModelWarning[];
}
