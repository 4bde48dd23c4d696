/**
 * Scores one multiple-choice item: the loglikelihood of each choice's continuation given its
 * context (see `scorePairs`: on the engine, one shared-prefix call that evaluates the context
 * once), then lm-eval's predictions (see `choice-metrics.ts`).
 * Cost: one `scoreMany` call (or one `score` per distinct context and per choice).
 */
import { scorePairs } from "../decisions/label-logprobs.js";
import type { LogprobModel, ModelWarning } from "../model.js";
import type { ChoiceItem } from "./choice-item.js";
import { type ChoiceItemMetrics, choiceItemMetrics } from "./choice-metrics.js";

/** The scored item. */
export interface ScoredChoiceItem extends ChoiceItemMetrics {
  gold: number;
  /** `log p(continuation_i | context_i)` per choice (nats, <= 0). */
  loglikelihoods: number[];
  /** Tokens summed per choice. */
  tokenCounts: number[];
  /** False for a choice whose context tokenizes differently before it (see `scorePairs`). */
  exact: boolean[];
  warnings: ModelWarning[];
}

/** Scores `item` with `model` (which must score given text). */
export async function scoreChoiceItem(
  model: LogprobModel,
  item: ChoiceItem,
  signal?: AbortSignal,
): Promise<ScoredChoiceItem> {
  const scored = await scorePairs(model, item.requests, signal);
  const loglikelihoods = scored.continuations.map((continuation) => continuation.logprob);
  return {
    gold: item.gold,
    loglikelihoods,
    tokenCounts: scored.continuations.map((continuation) => continuation.tokenCount),
    exact: scored.continuations.map((continuation) => continuation.exact),
    ...choiceItemMetrics(loglikelihoods, item.choices, item.gold),
    warnings: scored.warnings,
  };
}
