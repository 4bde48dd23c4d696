/**
 * What every engine operation shares: the loaded node-llama-cpp model (tokenizer, chat template,
 * end-of-generation tokens), the evaluator (forward passes and per-position statistics), token
 * bytes and the request limits.
 */
import type { LlamaModel, Token } from "node-llama-cpp";
import { ContextOverflowError } from "../core/errors.js";
import type { ChatMessage, ModelWarning } from "../core/model.js";
import type { DistributionKind, Provenance, SamplingSettings } from "../core/types.js";
import type { Evaluator } from "./evaluator.js";
import { type PromptTokens, tokenizeChat, tokenizePrompt } from "./prompt-tokens.js";
import type { RequestLimits } from "./request-schemas.js";
import type { TokenBytes } from "./token-bytes.js";

/** Shared state of one loaded engine model. */
export interface EngineRuntime {
  /** Model identifier (file name). */
  readonly id: string;
  readonly model: LlamaModel;
  readonly evaluator: Evaluator;
  readonly bytesOf: TokenBytes;
  readonly limits: RequestLimits;
}

/** The provenance of numbers this model computed: source, model, distribution and evaluator. */
export function engineProvenance(
  runtime: EngineRuntime,
  distribution: DistributionKind,
  sampling?: SamplingSettings,
): Provenance {
  return {
    source: "engine",
    model: runtime.id,
    distribution,
    ...(sampling !== undefined ? { sampling } : {}),
    evaluator: runtime.evaluator.info,
  };
}

/** True when the token ends generation (EOS, EOT, ...). */
export function isEndOfGeneration(runtime: EngineRuntime, id: number): boolean {
  return runtime.model.isEogToken(id as Token);
}

/** Tokens of a request's prompt or chat messages. */
export function promptTokensOf(
  runtime: EngineRuntime,
  request: { prompt?: string | undefined; messages?: ChatMessage[] | undefined },
): PromptTokens {
  if (request.messages !== undefined) return tokenizeChat(runtime.model, request.messages);
  return tokenizePrompt(runtime.model, request.prompt ?? "");
}

/**
 * Throws {@link ContextOverflowError} when `tokens` tokens do not fit one sequence's context.
 */
export function assertFits(runtime: EngineRuntime, tokens: number, what: string): void {
  const contextSize = runtime.evaluator.contextSize;
  if (tokens > contextSize) {
    throw new ContextOverflowError(
      tokens,
      contextSize,
      `${what} needs ${tokens} tokens but the context holds ${contextSize}; shorten it or load the model with a larger contextSize`,
    );
  }
}

/** Adds the warnings of one step to a list, without duplicates (same code and field). */
export function addWarnings(into: ModelWarning[], warnings: readonly ModelWarning[]): void {
  for (const warning of warnings) {
    if (!into.some((known) => known.code === warning.code && known.field === warning.field))
      into.push(warning);
  }
}
