/**
 * The part every OpenAI-style stream accumulator shares: follow one choice index across chunks,
 * collect its text, tokens, model and finish reason, and return a normalised sequence.
 */
import type { z } from "zod";
import { normalizeToken } from "../core/analysis/normalize-token.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../core/types.js";
import { parseWithSchema } from "./validate.js";

/** What one chunk contributes to the followed choice. */
export interface ChoiceDelta {
  text?: string;
  tokens?: TokenLogprob[];
  finishReason?: string | null;
}

/** What one pushed chunk added to the followed choice: its text and its normalised tokens. */
export interface StreamChunkAddition {
  text: string;
  tokens: TokenLogprob[];
}

/**
 * Collects one choice's tokens across chunks, in order. Subclasses name the chunk schema and map a
 * parsed chunk's choice to a {@link ChoiceDelta}. Cost: O(tokens) overall.
 */
export abstract class ChoiceStreamAccumulator<Chunk extends { model?: string | undefined }, Choice> {
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

  /** The zod schema of one chunk. */
  protected abstract readonly schema: z.ZodType<Chunk>;
  /** The chunk's choices, each with its index. */
  protected abstract choicesOf(chunk: Chunk): Array<Choice & { index: number }>;
  /** What one choice of a chunk adds. */
  protected abstract deltaOf(choice: Choice): ChoiceDelta;

  /**
   * Adds one chunk (the parsed JSON of one SSE `data:` line) and returns what it added to the
   * followed choice, its tokens normalised (see {@link normalizeToken}) and numbered from the start
   * of the stream. Errors name `chunks[n]...` (schema) or the token's position (logprob data).
   */
  push(chunk: unknown): StreamChunkAddition {
    const parsed = parseWithSchema(this.schema, chunk, `chunks[${this.#chunks}]`);
    this.#chunks++;
    if (parsed.model !== undefined) this.#model = parsed.model;
    const added: StreamChunkAddition = { text: "", tokens: [] };
    for (const choice of this.choicesOf(parsed)) {
      if (choice.index !== this.#choice) continue;
      const delta = this.deltaOf(choice);
      if (delta.text) added.text += delta.text;
      for (const token of delta.tokens ?? []) {
        added.tokens.push(normalizeToken(token, this.#tokens.length + added.tokens.length));
      }
      if (delta.finishReason) this.#finishReason = delta.finishReason;
    }
    this.#text += added.text;
    this.#tokens.push(...added.tokens);
    return added;
  }

  /** Number of chunks pushed so far. */
  get chunkCount(): number {
    return this.#chunks;
  }

  /** The last `finish_reason` seen for the followed choice, or null. */
  get finishReason(): string | null {
    return this.#finishReason;
  }

  /**
   * The tokens so far as a normalised sequence (source "openai", distribution "top-k" unless set).
   * The text is the streamed text, or the tokens' text when no text was streamed. Cost: O(tokens).
   */
  sequence(): LogprobSequence {
    const provenance: Provenance = { source: "openai", distribution: "top-k", ...this.#provenance };
    if (this.#model !== undefined && provenance.model === undefined) provenance.model = this.#model;
    const text = this.#text || this.#tokens.map((token) => token.token).join("");
    return { tokens: [...this.#tokens], text, provenance };
  }
}
