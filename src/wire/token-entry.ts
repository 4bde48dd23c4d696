/**
 * The per-token entry shared by OpenAI chat completions (`logprobs.content[]`), the Responses API
 * (`output_text.logprobs[]`), llama-server's OpenAI-compatible endpoints and Ollama:
 * `{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}`.
 */
import { z } from "zod";
import type { TokenLogprob, TopAlternative } from "../core/types.js";
import { ByteArraySchema, LogprobNumberSchema } from "./logprob-schema.js";
import { utf8Bytes } from "./token-bytes.js";

/** One alternative: `{token, logprob, bytes}` (`bytes` may be null or, for some servers, absent). */
export const TopLogprobEntrySchema = z.object({
  token: z.string(),
  logprob: LogprobNumberSchema,
  bytes: ByteArraySchema.nullable().optional(),
  id: z.number().int().min(0).optional(),
});

/** One chosen token with its alternatives. */
export const TokenLogprobEntrySchema = z.object({
  token: z.string(),
  logprob: LogprobNumberSchema,
  bytes: ByteArraySchema.nullable().optional(),
  id: z.number().int().min(0).optional(),
  top_logprobs: z.array(TopLogprobEntrySchema).nullable().optional(),
});
export type TokenLogprobEntry = z.output<typeof TokenLogprobEntrySchema>;

function alternativeFromEntry(entry: z.output<typeof TopLogprobEntrySchema>): TopAlternative {
  const alternative: TopAlternative = {
    token: entry.token,
    logprob: entry.logprob,
    bytes: entry.bytes ?? utf8Bytes(entry.token),
  };
  if (entry.id !== undefined) alternative.id = entry.id;
  return alternative;
}

/**
 * Raw core tokens (not yet normalised) of validated entries. Missing or null `bytes` are filled
 * with the UTF-8 encoding of the token text; alternatives are sorted most to least probable.
 */
export function entriesToTokens(entries: readonly TokenLogprobEntry[]): TokenLogprob[] {
  return entries.map((entry) => {
    const token: TokenLogprob = {
      token: entry.token,
      bytes: entry.bytes ?? utf8Bytes(entry.token),
      logprob: entry.logprob,
      top: (entry.top_logprobs ?? []).map(alternativeFromEntry).sort((a, b) => b.logprob - a.logprob),
    };
    if (entry.id !== undefined) token.id = entry.id;
    return token;
  });
}
