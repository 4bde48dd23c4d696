/**
 * Scores one multiple-choice item: the loglikelihood of each choice's continuation given its
 * context (see `scorePairs`: on the engine, one shared-prefix call that evaluates the context
 * once), then lm-eval's predictions (see `choice-metrics.ts`).
 * Cost: one `scoreMany` call (or one `score` per distinct context and per choice).
 */
import { scorePairs } from "../decisions/label-logprobs.js";
import { ContextOverflowError, InvalidInputError } from "../errors.js";
import type { LogprobModel, ModelWarning } from "../model.js";
import type { ChoiceItem } from "./choice-item.js";
import {
  type ChoiceItemMetrics,
  choiceItemMetrics,
  firstArgmax,
  llamaPerplexityScores,
} from "./choice-metrics.js";

/** The scored item. */
export interface ScoredChoiceItem extends ChoiceItemMetrics {
  gold: number;
  /** `log p(continuation_i | context_i)` per choice (nats, <= 0). */
  loglikelihoods: number[];
  /** Tokens summed per choice. */
  tokenCounts: number[];
  /** False for a choice whose context tokenizes differently before it (see `scorePairs`). */
  exact: boolean[];
  /**
   * The choice llama-perplexity makes (highest mean logprob after the choices' shared tokens, see
   * `llamaPerplexityScores`); null when the choices do not share one context or a token id is
   * unknown.
   */
  predLlamaPerplexity: number | null;
  warnings: ModelWarning[];
}

/**
 * An input error of the label path restated for the item at `where` ("line 3: ", "items[2]."):
 * `prompt` / `contexts[i]` and `labels[i]` are the item's `context` and `choices[i]`.
 */
function restated(error: unknown, where: string): unknown {
  if (
    !(error instanceof InvalidInputError || error instanceof ContextOverflowError) ||
    error.field === undefined
  )
    return error;
  const field = `${where}${error.field.replace(/^prompt$/, "context").replace(/^labels\[/, "choices[")}`;
  const message = `${where}${error.message.replace(/^prompt\b/, "context").replace(/^labels\[(\d+)\] with its prompt/, "choices[$1] with its context")}`;
  if (error instanceof ContextOverflowError)
    return new ContextOverflowError(error.tokens, error.contextSize, message, field);
  return new InvalidInputError(field, message, error.allowed);
}

function llamaPerplexityPrediction(
  item: ChoiceItem,
  continuations: readonly { exact: boolean; tokens?: { id?: number; logprob: number }[] }[],
): number | null {
  const context = item.requests[0]?.context;
  if (item.requests.some((request) => request.context !== context)) return null;
  if (continuations.some((continuation) => !continuation.exact || !continuation.tokens)) return null;
  const scores = llamaPerplexityScores(continuations.map((continuation) => continuation.tokens ?? []));
  return scores ? firstArgmax(scores) : null;
}

/**
 * Scores `item` with `model` (which must score given text). Input errors name the item's field
 * after `where` (e.g. "line 3: context").
 */
export async function scoreChoiceItem(
  model: LogprobModel,
  item: ChoiceItem,
  signal?: AbortSignal,
  where = "",
): Promise<ScoredChoiceItem> {
  const scored = await scorePairs(model, item.requests, signal).catch((error: unknown) => {
    throw restated(error, where);
  });
  const loglikelihoods = scored.continuations.map((continuation) => continuation.logprob);
  return {
    gold: item.gold,
    loglikelihoods,
    tokenCounts: scored.continuations.map((continuation) => continuation.tokenCount),
    exact: scored.continuations.map((continuation) => continuation.exact),
    predLlamaPerplexity: llamaPerplexityPrediction(item, scored.continuations),
    ...choiceItemMetrics(loglikelihoods, item.choices, item.gold),
    warnings: scored.warnings,
  };
}
