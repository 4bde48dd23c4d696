/** The shape of a token-by-token comparison of two models on one text (see `compareModels`). */
import type { ModelWarning } from "../model.js";
import type { KlDivergenceSummary } from "./kl-divergence-summary.js";

/** One compared token: both models' numbers for the same token given the same text before it. */
export interface ComparedToken {
  /** Index of the token in the base model's tokens of the text. */
  index: number;
  /** Token text. */
  token: string;
  /** Character offset of the token in the text (UTF-16 code units). */
  textOffset: number;
  /** Vocabulary id, when known. */
  id?: number;
  /** Logprob of the token under the base model (nats). */
  baseLogprob: number | null;
  /** Logprob of the token under the compared model (nats). */
  modelLogprob: number | null;
  /** `modelLogprob - baseLogprob`: negative where the compared model finds the token less likely. */
  logprobDifference: number | null;
  /** Exact `KL(base || model)` of the two next-token distributions (nats); null when only bounded. */
  klDivergence: number | null;
  /** Bounds on the KL divergence when only top-k logprobs are known (`upper` null = unbounded). */
  klDivergenceBounds?: { lower: number; upper: number | null };
  /** Most probable token under each model (null when unknown). */
  baseTop: string | null;
  modelTop: string | null;
  /** Whether the two most probable tokens agree (null when unknown). */
  sameTop: boolean | null;
}

/** How the KL divergences were obtained. */
export type CompareMethod = "exact" | "top-k-bounds";

/** Which windows the text was evaluated in (see `evaluation-windows.ts`). */
export type CompareWindowing = "sliding" | "llama-perplexity";

/** Result of comparing two models on a text. */
export interface CompareResult {
  /** The reference model P of KL(P || Q). */
  base: string;
  /** The compared model Q. */
  model: string;
  /** "exact": full distributions of both; "top-k-bounds": only top-k known, KL is bounded. */
  method: CompareMethod;
  windowing: CompareWindowing;
  tokens: ComparedToken[];
  /** llama.cpp's KLD statistics (exact method only). */
  klDivergence: KlDivergenceSummary | null;
  /** Means of the per-token bounds (top-k method only); `meanUpper` null when some are unbounded. */
  klDivergenceBounds: { meanLower: number; meanUpper: number | null; exactTokens: number } | null;
  /** Fraction of compared tokens whose top-1 tokens agree (llama.cpp's "same top p"). */
  sameTop: number | null;
  /** Perplexity of the compared tokens under each model, and ln(PPL(model) / PPL(base)). */
  perplexity: { base: number; model: number; logRatio: number };
  /** Root mean square of the change in the token's probability, `exp(model) - exp(base)`. */
  probabilityDifferenceRms: number;
  /** Indexes into `tokens` of the most divergent tokens, most divergent first (at most 10). */
  mostDivergent: number[];
  /** Evaluators or sources of the numbers, e.g. "native" or "openai". */
  sources: { base: string; model: string };
  warnings: ModelWarning[];
}
