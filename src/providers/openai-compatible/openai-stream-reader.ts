/**
 * Reads an OpenAI-style stream (`/chat/completions` or legacy `/completions` chunks) for
 * {@link streamGeneration}: one choice accumulated across chunks, the prompt's tokens held back
 * when the completion echoes it, llama.cpp's chat-style `/v1/completions` chunks recognised, and
 * the result built from the accumulated sequence and the usage chunk.
 */
import type { GenerateResult, ModelWarning } from "../../core/model.js";
import type { Provenance, TokenLogprob } from "../../core/types.js";
import { ChatCompletionStreamAccumulator, CompletionStreamAccumulator } from "../../wire/index.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";
import { countGeneratedTokens, splitEchoedSequence } from "../shared/split-echoed-sequence.js";
import type { GenerationStreamReader } from "../shared/stream-generation.js";
import { isChatStyleCompletion, toChatChunk } from "./chat-style-completion.js";
import { mapOpenAIUsage } from "./map-chat-completion-response.js";

/** What an {@link OpenAIStreamReader} needs to know about the request. */
export interface OpenAIStreamReaderOptions {
  /** True for legacy `/completions` chunks, false for `chat.completion.chunk`s. */
  completions: boolean;
  provenance: Provenance;
  /** Model id shown when the chunks name none. */
  model: string;
  warnings: readonly ModelWarning[];
  /** The `logprobs` k of a completions request (see CompletionStreamAccumulator). */
  topLogprobs?: number;
  /** The prompt the completion echoes before its output (`echo: true`). */
  echoedPrompt?: string;
}

/** See the module comment; one reader per request. Cost: O(tokens + text) overall. */
export class OpenAIStreamReader implements GenerationStreamReader {
  readonly #options: OpenAIStreamReaderOptions;
  // llama.cpp's /v1/completions streams chat-style logprobs: such chunks are re-shaped as chat
  // chunks; the dialect is fixed by the first chunk that carries logprobs.
  #chatStyle: boolean;
  #decided: boolean;
  #accumulator: CompletionStreamAccumulator | ChatCompletionStreamAccumulator | undefined;
  // Chunks seen before the dialect was known carry no logprobs; they still hold text and reasons.
  readonly #pending: unknown[] = [];
  #lastPayload: unknown;
  #usagePayload: unknown;
  // Characters of the echoed prompt not yet seen in the chunks' text, and prompt tokens seen.
  #promptRemaining: number;
  #promptTokens = 0;

  constructor(options: OpenAIStreamReaderOptions) {
    this.#options = options;
    this.#chatStyle = !options.completions;
    this.#decided = !options.completions;
    this.#promptRemaining = options.echoedPrompt?.length ?? 0;
  }

  read(payload: unknown): TokenLogprob[] {
    this.#lastPayload = payload;
    if (typeof payload === "object" && payload !== null && (payload as { usage?: unknown }).usage)
      this.#usagePayload = payload;
    if (isUsageOnlyChunk(payload)) return [];
    if (!this.#decided) {
      if (isChatStyleCompletion(payload)) this.#chatStyle = true;
      if (hasLogprobs(payload)) this.#decided = true;
      if (!this.#decided) {
        this.#pending.push(payload);
        return [];
      }
    }
    const added = this.#started().push(this.#shape(payload));
    if (this.#promptRemaining === 0) return added.tokens;
    // Echo: the prompt's tokens come first; chunks are told apart by their text, which (unlike
    // token texts) spells the prompt exactly.
    const tokens = added.tokens;
    const chunkText = added.text || tokens.map((token) => token.token).join("");
    const generatedText =
      chunkText.length > this.#promptRemaining ? chunkText.slice(this.#promptRemaining) : "";
    const generated = generatedText === "" ? 0 : (countGeneratedTokens(tokens, generatedText) ?? 0);
    this.#promptTokens += tokens.length - generated;
    this.#promptRemaining = Math.max(0, this.#promptRemaining - chunkText.length);
    return tokens.slice(tokens.length - generated);
  }

  result(): GenerateResult {
    const { echoedPrompt, model } = this.#options;
    const accumulator = this.#started();
    const all = accumulator.sequence();
    const warnings: ModelWarning[] = [...this.#options.warnings];
    const finishReason = mapFinishReason(accumulator.finishReason, warnings);
    const usagePayload = this.#usagePayload ?? this.#lastPayload;
    let text = all.text ?? "";
    if (echoedPrompt === undefined) {
      const usage = mapOpenAIUsage(usagePayload, all.tokens.length);
      return { text, sequence: all, finishReason, usage, warnings, model: all.provenance.model ?? model };
    }
    const { prompt, generated } = splitEchoedSequence(all, this.#promptTokens);
    if (text.startsWith(echoedPrompt)) text = text.slice(echoedPrompt.length);
    return {
      text,
      sequence: { ...generated, text },
      prompt,
      finishReason,
      usage: mapOpenAIUsage(usagePayload, generated.tokens.length),
      warnings,
      model: all.provenance.model ?? model,
    };
  }

  /** The accumulator, created (and fed the pending chunks) on first use. */
  #started(): CompletionStreamAccumulator | ChatCompletionStreamAccumulator {
    if (this.#accumulator) return this.#accumulator;
    const { provenance, topLogprobs } = this.#options;
    const created = this.#chatStyle
      ? new ChatCompletionStreamAccumulator({ provenance })
      : new CompletionStreamAccumulator({
          provenance,
          ...(topLogprobs !== undefined ? { topLogprobs } : {}),
        });
    this.#accumulator = created;
    for (const payload of this.#pending.splice(0)) created.push(this.#shape(payload));
    return created;
  }

  #shape(payload: unknown): unknown {
    return this.#options.completions && this.#chatStyle ? toChatChunk(payload) : payload;
  }
}

/** True when a chunk's first choice carries a logprobs object. */
function hasLogprobs(payload: unknown): boolean {
  const choices = (payload as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return false;
  const logprobs = (choices[0] as { logprobs?: unknown } | undefined)?.logprobs;
  return typeof logprobs === "object" && logprobs !== null;
}

/** The final `stream_options.include_usage` chunk has `choices: []` and only `usage`. */
function isUsageOnlyChunk(payload: unknown): boolean {
  if (typeof payload !== "object" || payload === null) return false;
  const choices = (payload as { choices?: unknown }).choices;
  return Array.isArray(choices) && choices.length === 0;
}
