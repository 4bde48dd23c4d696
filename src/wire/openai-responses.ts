/**
 * OpenAI Responses API (`POST /v1/responses` with `include: ["message.output_text.logprobs"]`):
 * each `output_text` content part of a `message` output item carries
 * `logprobs: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]`.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../core/types.js";
import { type OpenAIChatTokenLogprob, toOpenAIChatTokenLogprob } from "./openai-chat.js";
import { missingLogprobs } from "./response-errors.js";
import { entriesToTokens, TokenLogprobEntrySchema } from "./token-entry.js";
import { parseWithSchema } from "./validate.js";

/** The `logprobs` array of one `output_text` part (same entries as chat's `logprobs.content`). */
export const OpenAIResponsesLogprobsSchema = z.array(TokenLogprobEntrySchema);

/** One `output_text` content part. */
export const OpenAIResponsesOutputTextSchema = z.object({
  type: z.literal("output_text"),
  text: z.string(),
  logprobs: OpenAIResponsesLogprobsSchema.nullable().optional(),
});

/** A full Responses API response (`object: "response"`); output items other than messages are skipped. */
export const OpenAIResponsesResponseSchema = z.object({
  id: z.string().optional(),
  object: z.literal("response"),
  model: z.string().optional(),
  output: z.array(
    z.looseObject({
      type: z.string(),
      content: z.array(z.looseObject({ type: z.string() })).optional(),
    }),
  ),
});
export type OpenAIResponsesResponse = z.output<typeof OpenAIResponsesResponseSchema>;

/** One token as the Responses API emits it (the chat API's entry shape). */
export type OpenAIResponsesTokenLogprob = OpenAIChatTokenLogprob;

/**
 * Parses an `output_text` part's `logprobs` array into a normalised core sequence (-9999 becomes
 * `null`). Throws `InvalidInputError` naming the JSON path. Cost: O(tokens x k log k).
 */
export function fromOpenAIResponsesLogprobs(
  value: unknown,
  options: { provenance?: Partial<Provenance>; path?: string } = {},
): LogprobSequence {
  const entries = parseWithSchema(OpenAIResponsesLogprobsSchema, value, options.path ?? "logprobs");
  return normalizeSequence({
    tokens: entriesToTokens(entries),
    text: entries.map((entry) => entry.token).join(""),
    provenance: { source: "openai", distribution: "top-k", ...options.provenance },
  });
}

/** Emits an `output_text.logprobs` array (key order `token, logprob, bytes, top_logprobs`). */
export function toOpenAIResponsesLogprobs(tokens: readonly TokenLogprob[]): OpenAIResponsesTokenLogprob[] {
  return tokens.map(toOpenAIChatTokenLogprob);
}

/**
 * Parses a full Responses API response: the tokens of every `output_text` part of every `message`
 * output item, in order. Throws `InvalidInputError` when no part carries logprobs.
 */
export function fromOpenAIResponsesResponse(
  value: unknown,
  options: { source?: string } = {},
): LogprobSequence {
  const response = parseWithSchema(OpenAIResponsesResponseSchema, value);
  const tokens: TokenLogprob[] = [];
  let text = "";
  let found = false;
  response.output.forEach((item, itemIndex) => {
    if (item.type !== "message") return;
    item.content?.forEach((part, partIndex) => {
      if (part.type !== "output_text") return;
      const path = `output[${itemIndex}].content[${partIndex}]`;
      const outputText = parseWithSchema(OpenAIResponsesOutputTextSchema, part, path);
      text += outputText.text;
      if (!outputText.logprobs) return;
      found = true;
      tokens.push(...entriesToTokens(outputText.logprobs));
    });
  });
  if (!found) throw missingLogprobs("output[].content[].logprobs");
  const provenance: Provenance = { source: options.source ?? "openai", distribution: "top-k" };
  if (response.model !== undefined) provenance.model = response.model;
  return normalizeSequence({ tokens, text, provenance });
}
