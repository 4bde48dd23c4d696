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
import type { TextTokenizer } from "./tokenizer-thread.js";

/** Shared state of one loaded engine model. */
export interface EngineRuntime {
  /** Model identifier (file name). */
  readonly id: string;
  readonly model: LlamaModel;
  readonly evaluator: Evaluator;
  readonly bytesOf: TokenBytes;
  readonly limits: RequestLimits;
  /** Context sequences: requests served at once, their decodes packed together. */
  readonly parallel: number;
  /** Tokenizes text; long texts off the main thread. */
  readonly tokenizer: TextTokenizer;
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

const longestTokenBytes = new WeakMap<EngineRuntime, number>();

/** Bytes of the vocabulary's longest token. Cost: one pass over the vocabulary, once per model. */
function longestTokenBytesOf(runtime: EngineRuntime): number {
  let longest = longestTokenBytes.get(runtime);
  if (longest === undefined) {
    longest = 1;
    for (let id = 0; id < runtime.limits.vocabularySize; id++) {
      longest = Math.max(longest, runtime.bytesOf(id).length);
    }
    longestTokenBytes.set(runtime, longest);
  }
  return longest;
}

/**
 * Prompts longer than this many UTF-8 bytes cannot fit the context: every token covers at most
 * the longest token's bytes of text, so such a prompt needs more tokens than the context holds.
 * The factor 4 leaves room for tokenizers that normalise text (a token's bytes can differ from
 * the input bytes it consumed). Refusing them before tokenizing caps the tokenizer's work.
 */
export function maxPromptBytes(runtime: EngineRuntime): number {
  return 4 * runtime.evaluator.contextSize * longestTokenBytesOf(runtime) + 1024;
}

/**
 * Tokens of a request's prompt or chat messages (long texts tokenized off the main thread).
 * Throws {@link ContextOverflowError} without tokenizing when the text is longer than
 * {@link maxPromptBytes}.
 */
export function promptTokensOf(
  runtime: EngineRuntime,
  request: { prompt?: string | undefined; messages?: ChatMessage[] | undefined },
): Promise<PromptTokens> {
  const texts = request.messages?.map((message) => message.content) ?? [request.prompt ?? ""];
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, "utf8"), 0);
  const limit = maxPromptBytes(runtime);
  if (bytes > limit) {
    const contextSize = runtime.evaluator.contextSize;
    return Promise.reject(
      new ContextOverflowError(
        Math.ceil(bytes / longestTokenBytesOf(runtime)),
        contextSize,
        `the prompt is ${bytes} bytes, more than ${limit} (what ${contextSize} tokens of this vocabulary can hold); shorten it or load the model with a larger contextSize`,
      ),
    );
  }
  if (request.messages !== undefined) return tokenizeChat(runtime.model, runtime.tokenizer, request.messages);
  return tokenizePrompt(runtime.model, runtime.tokenizer, request.prompt ?? "");
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
