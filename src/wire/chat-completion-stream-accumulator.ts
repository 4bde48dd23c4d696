/**
 * Accumulates the logprobs of a streamed OpenAI chat completion (`stream: true`): each
 * `chat.completion.chunk` carries the tokens of its delta in `choices[].logprobs.content`.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../core/types.js";
import { OpenAIChatLogprobsSchema } from "./openai-chat.js";
import { entriesToTokens } from "./token-entry.js";
import { parseWithSchema } from "./validate.js";

/** One `chat.completion.chunk` of a stream. */
export const OpenAIChatChunkSchema = z.object({
  id: z.string().optional(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(
    z.object({
      index: z.number().int().min(0),
      delta: z.object({ role: z.string().optional(), content: z.string().nullable().optional() }).optional(),
      logprobs: OpenAIChatLogprobsSchema.nullable().optional(),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
});
export type OpenAIChatChunk = z.output<typeof OpenAIChatChunkSchema>;

/**
 * Collects one choice's tokens across chunks, in order. `push` validates each chunk (errors name
 * `chunks[n]...`); `sequence()` returns the normalised sequence so far. Cost: O(tokens) overall.
 */
export class ChatCompletionStreamAccumulator {
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
    const parsed = parseWithSchema(OpenAIChatChunkSchema, chunk, `chunks[${this.#chunks}]`);
    this.#chunks++;
    if (parsed.model !== undefined) this.#model = parsed.model;
    for (const choice of parsed.choices) {
      if (choice.index !== this.#choice) continue;
      if (choice.delta?.content) this.#text += choice.delta.content;
      const entries = choice.logprobs?.content ?? choice.logprobs?.refusal;
      if (entries) this.#tokens.push(...entriesToTokens(entries));
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
    const text = this.#text || this.#tokens.map((token) => token.token).join("");
    return normalizeSequence({ tokens: this.#tokens, text, provenance });
  }
}
