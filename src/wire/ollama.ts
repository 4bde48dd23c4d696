/**
 * Ollama's native API (parse only): `/api/generate` and `/api/chat` with `logprobs: true` (and
 * `top_logprobs: n`) return `logprobs: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]`
 * next to `response` / `message`. Streamed (NDJSON) answers carry each chunk's tokens; a list of
 * chunks is accumulated in order.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../core/types.js";
import { missingLogprobs } from "./response-errors.js";
import { entriesToTokens, TokenLogprobEntrySchema } from "./token-entry.js";
import { parseWithSchema } from "./validate.js";

/** One Ollama `/api/generate` or `/api/chat` response object (or one streamed chunk). */
export const OllamaResponseSchema = z.object({
  model: z.string(),
  created_at: z.string(),
  response: z.string().optional(),
  message: z.object({ role: z.string(), content: z.string() }).optional(),
  done: z.boolean(),
  logprobs: z.array(TokenLogprobEntrySchema).nullable().optional(),
});
export type OllamaResponse = z.output<typeof OllamaResponseSchema>;

/** Ollama's `logprobs` list on its own. */
export const OllamaLogprobsSchema = z.array(TokenLogprobEntrySchema);

/**
 * Parses one Ollama response, or a list of streamed chunks, into a normalised sequence (source
 * "ollama", distribution "top-k"). Throws `InvalidInputError` naming the JSON path (for a list,
 * `[i].logprobs[j]...`) or when no object carries logprobs.
 */
export function fromOllamaResponse(value: unknown): LogprobSequence {
  const list = Array.isArray(value);
  const responses = list
    ? parseWithSchema(z.array(OllamaResponseSchema).min(1, { error: "needs at least one chunk" }), value)
    : [parseWithSchema(OllamaResponseSchema, value)];
  const tokens: TokenLogprob[] = [];
  let text = "";
  let found = false;
  for (const response of responses) {
    text += response.response ?? response.message?.content ?? "";
    if (!response.logprobs) continue;
    found = true;
    tokens.push(...entriesToTokens(response.logprobs));
  }
  if (!found) throw missingLogprobs(list ? "[].logprobs" : "logprobs");
  const provenance: Provenance = { source: "ollama", distribution: "top-k" };
  const model = responses[0]?.model;
  if (model !== undefined) provenance.model = model;
  return normalizeSequence({ tokens, text, provenance });
}
