/**
 * Accumulates the logprobs of a streamed Responses API call: every `response.output_text.delta`
 * event carries `logprobs` for the tokens of its `delta`. Other events are counted and skipped.
 */
import { z } from "zod";
import { normalizeToken } from "../core/analysis/normalize-token.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../core/types.js";
import type { StreamChunkAddition } from "./choice-stream-accumulator.js";
import { OpenAIResponsesLogprobsSchema } from "./openai-responses.js";
import { entriesToTokens } from "./token-entry.js";
import { parseWithSchema } from "./validate.js";

/** Any Responses streaming event: only `type` is required. */
export const OpenAIResponsesStreamEventSchema = z.looseObject({ type: z.string().startsWith("response.") });

/** A `response.output_text.delta` event. */
export const OpenAIResponsesTextDeltaEventSchema = z.object({
  type: z.literal("response.output_text.delta"),
  item_id: z.string().optional(),
  output_index: z.number().int().min(0).optional(),
  content_index: z.number().int().min(0).optional(),
  delta: z.string(),
  logprobs: OpenAIResponsesLogprobsSchema.nullable().optional(),
  sequence_number: z.number().int().optional(),
});

/**
 * Collects the tokens of all text deltas, in order. `push` validates each event (errors name
 * `events[n]...`); `sequence()` returns the normalised sequence so far. Cost: O(tokens) overall.
 */
export class ResponsesStreamAccumulator {
  readonly #provenance: Partial<Provenance>;
  readonly #tokens: TokenLogprob[] = [];
  #text = "";
  #model: string | undefined;
  #events = 0;

  /** @param options `provenance`: fields to set (default source "openai", distribution "top-k"). */
  constructor(options: { provenance?: Partial<Provenance> } = {}) {
    this.#provenance = options.provenance ?? {};
  }

  /**
   * Adds one event (the parsed JSON of one SSE `data:` line) and returns what it added: a text
   * delta's text and tokens (normalised, numbered from the start of the stream), else nothing.
   */
  push(event: unknown): StreamChunkAddition {
    const root = `events[${this.#events}]`;
    const parsed = parseWithSchema(OpenAIResponsesStreamEventSchema, event, root);
    this.#events++;
    const response = parsed.response as { model?: unknown };
    if (typeof response?.model === "string") this.#model = response.model;
    if (parsed.type !== "response.output_text.delta") return { text: "", tokens: [] };
    const delta = parseWithSchema(OpenAIResponsesTextDeltaEventSchema, event, root);
    const tokens = entriesToTokens(delta.logprobs ?? []).map((token, index) =>
      normalizeToken(token, this.#tokens.length + index),
    );
    this.#text += delta.delta;
    this.#tokens.push(...tokens);
    return { text: delta.delta, tokens };
  }

  /** Number of events pushed so far. */
  get eventCount(): number {
    return this.#events;
  }

  /** The tokens so far as a normalised sequence. Cost: O(tokens). */
  sequence(): LogprobSequence {
    const provenance: Provenance = { source: "openai", distribution: "top-k", ...this.#provenance };
    if (this.#model !== undefined && provenance.model === undefined) provenance.model = this.#model;
    return { tokens: [...this.#tokens], text: this.#text, provenance };
  }
}
