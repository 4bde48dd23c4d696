/**
 * OpenAI chat completions (`POST /v1/chat/completions`): `choices[].logprobs`
 * `{content: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}], refusal}`,
 * parsed into core and emitted from core with the API's key order.
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance, TokenLogprob } from "../core/types.js";
import { invalidChoice, missingLogprobs } from "./response-errors.js";
import { utf8Bytes } from "./token-bytes.js";
import { entriesToTokens, TokenLogprobEntrySchema } from "./token-entry.js";
import { parseWithSchema } from "./validate.js";

/** OpenAI's placeholder logprob for a token outside the top 20: "unknown", never a value. */
export const OPENAI_UNKNOWN_LOGPROB = -9999;

/** `choices[].logprobs` of a chat completion. */
export const OpenAIChatLogprobsSchema = z.object({
  content: z.array(TokenLogprobEntrySchema).nullable(),
  refusal: z.array(TokenLogprobEntrySchema).nullable().optional(),
});

/** One alternative as the chat API emits it. */
export interface OpenAIChatTopLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
}

/** One token as the chat API emits it. */
export interface OpenAIChatTokenLogprob {
  token: string;
  /** Natural log (nats); -9999 when unknown (outside the top 20). */
  logprob: number;
  bytes: number[] | null;
  top_logprobs: OpenAIChatTopLogprob[];
}

/** `choices[].logprobs` of a chat completion as emitted: `{content, refusal: null}`. */
export interface OpenAIChatLogprobs {
  content: OpenAIChatTokenLogprob[];
  refusal: null;
}

/** One choice of a chat completion. */
export const OpenAIChatChoiceSchema = z.object({
  index: z.number().int().min(0),
  message: z.object({ role: z.string().optional(), content: z.string().nullable().optional() }).optional(),
  logprobs: OpenAIChatLogprobsSchema.nullable().optional(),
  finish_reason: z.string().nullable().optional(),
});

/** A full chat completion response (`object: "chat.completion"`). */
export const OpenAIChatResponseSchema = z.object({
  id: z.string().optional(),
  object: z.literal("chat.completion"),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(OpenAIChatChoiceSchema).min(1, { error: "needs at least one choice" }),
});
export type OpenAIChatResponse = z.output<typeof OpenAIChatResponseSchema>;

/** Options of the chat parsers. */
export interface FromOpenAIChatOptions {
  /** Provenance fields to set (default: source "openai", distribution "top-k"). */
  provenance?: Partial<Provenance>;
  /** JSON path of the object, used in error messages (default "logprobs"). */
  path?: string;
}

/**
 * Parses a chat `logprobs` object (`{content, refusal}`) into a normalised core sequence: the
 * `content` tokens, or the `refusal` tokens when `content` is null. -9999 becomes `null`.
 * Throws `InvalidInputError` naming the JSON path. Cost: O(tokens x k log k).
 */
export function fromOpenAIChatLogprobs(value: unknown, options: FromOpenAIChatOptions = {}): LogprobSequence {
  const path = options.path ?? "logprobs";
  const logprobs = parseWithSchema(OpenAIChatLogprobsSchema, value, path);
  const entries = logprobs.content ?? logprobs.refusal;
  if (!entries) throw missingLogprobs(`${path}.content`);
  return normalizeSequence({
    tokens: entriesToTokens(entries),
    text: entries.map((entry) => entry.token).join(""),
    provenance: { source: "openai", distribution: "top-k", ...options.provenance },
  });
}

/**
 * Emits chat `logprobs` with the API's key order. A `null` (unknown) logprob is written as the
 * API's -9999 placeholder; missing alternative bytes are the UTF-8 of the token text.
 * Cost: O(tokens x k).
 */
export function toOpenAIChatLogprobs(tokens: readonly TokenLogprob[]): OpenAIChatLogprobs {
  return { content: tokens.map(toOpenAIChatTokenLogprob), refusal: null };
}

/** Emits one token in the chat API's shape (see {@link toOpenAIChatLogprobs}). */
export function toOpenAIChatTokenLogprob(token: TokenLogprob): OpenAIChatTokenLogprob {
  return {
    token: token.token,
    logprob: token.logprob ?? OPENAI_UNKNOWN_LOGPROB,
    bytes: token.bytes,
    top_logprobs: token.top.map((alternative) => ({
      token: alternative.token,
      logprob: alternative.logprob,
      bytes: alternative.bytes ?? utf8Bytes(alternative.token),
    })),
  };
}

/** Parses a full chat completion response: the chosen choice's logprobs (default choice 0). */
export function fromOpenAIChatResponse(
  value: unknown,
  options: { choice?: number; source?: string } = {},
): LogprobSequence {
  const response = parseWithSchema(OpenAIChatResponseSchema, value);
  const choiceIndex = options.choice ?? 0;
  const choice = response.choices[choiceIndex];
  if (!choice) throw invalidChoice(choiceIndex, response.choices.length);
  const path = `choices[${choiceIndex}].logprobs`;
  if (!choice.logprobs) throw missingLogprobs(path);
  const provenance: Partial<Provenance> = { source: options.source ?? "openai" };
  if (response.model !== undefined) provenance.model = response.model;
  return fromOpenAIChatLogprobs(choice.logprobs, { path, provenance });
}
