/**
 * Accumulates the logprobs of a streamed OpenAI legacy completion (`stream: true`): each chunk
 * (`object: "text_completion"`) carries a `logprobs` object for the tokens of its `text`.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../core/types.js";
import { completionLogprobsToTokens, OpenAICompletionLogprobsSchema } from "./openai-completion.js";
import { parseWithSchema } from "./validate.js";

/** One chunk of a streamed legacy completion. */
export const OpenAICompletionChunkSchema = z.object({
  id: z.string().optional(),
  object: z.literal("text_completion"),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(
    z.object({
      text: z.string(),
      index: z.number().int().min(0),
      logprobs: OpenAICompletionLogprobsSchema.nullable().optional(),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
});
export type OpenAICompletionChunk = z.output<typeof OpenAICompletionChunkSchema>;

/**
 * Collects one choice's tokens across chunks, in order. `push` validates each chunk (errors name
 * `chunks[n]...`); `sequence()` returns the normalised sequence so far. With `echo`, the first
 * chunk's leading `null` logprob is kept as unknown. Cost: O(tokens) overall.
 */
export class CompletionStreamAccumulator {
  readonly #choice: number;
  readonly #provenance: Partial<Provenance>;
  readonly #tokens: TokenLogprob[] = [];
  #text = "";
  #model: string | undefined;
  #chunks = 0;
  #finishReason: string | null = null;

  /** @param options `choice`: which choice index to follow (default 0); `provenance`: fields to set. */
  constructor(options: { choice?: number; provenance?: Partial<Provenance> } = {}) {
    this.#choice = options.choice ?? 0;
    this.#provenance = options.provenance ?? {};
  }

  /** Adds one chunk (the parsed JSON of one SSE `data:` line). */
  push(chunk: unknown): void {
    const parsed = parseWithSchema(OpenAICompletionChunkSchema, chunk, `chunks[${this.#chunks}]`);
    this.#chunks++;
    if (parsed.model !== undefined) this.#model = parsed.model;
    for (const choice of parsed.choices) {
      if (choice.index !== this.#choice) continue;
      this.#text += choice.text;
      if (choice.logprobs) this.#tokens.push(...completionLogprobsToTokens(choice.logprobs));
      if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    }
  }

  /** Number of chunks pushed so far. */
  get chunkCount(): number {
    return this.#chunks;
  }

  /** The last `finish_reason` seen for the followed choice, or null. */
  get finishReason(): string | null {
    return this.#finishReason;
  }

  /** The tokens so far as a normalised sequence (source "openai", distribution "top-k" unless set). */
  sequence(): LogprobSequence {
    const provenance: Provenance = { source: "openai", distribution: "top-k", ...this.#provenance };
    if (this.#model !== undefined && provenance.model === undefined) provenance.model = this.#model;
    return normalizeSequence({ tokens: this.#tokens, text: this.#text, provenance });
  }
}
