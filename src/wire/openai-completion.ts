/**
 * OpenAI legacy completions (`POST /v1/completions`): the `logprobs` object
 * `{tokens, token_logprobs, top_logprobs, text_offset}` of each choice, parsed into core and emitted
 * from core with the API's key order. With `echo`, the prompt tokens come first and the first one
 * has `null` logprob and `null` top_logprobs (nothing conditions it).
 */
import { z } from "zod";
import { normalizeSequence } from "../core/analysis/normalize-sequence.js";
import type { LogprobSequence, Provenance, TokenLogprob, TopAlternative } from "../core/types.js";
import { LogprobNumberSchema } from "./logprob-schema.js";
import { invalidChoice, missingLogprobs } from "./response-errors.js";
import { utf8Bytes } from "./token-bytes.js";
import { parseWithSchema } from "./validate.js";

/**
 * One `top_logprobs` dict `{token: logprob}`, read into `[token, logprob]` entries in the object's
 * key order. (Not `z.record`: it drops a key named `__proto__`, which is a possible token.)
 */
export const TopLogprobsDictSchema = z.unknown().transform((value, context): [string, number][] | null => {
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    context.addIssue({ code: "custom", message: "expected an object {token: logprob} or null" });
    return z.NEVER;
  }
  const entries: [string, number][] = [];
  for (const [token, logprob] of Object.entries(value)) {
    const parsed = LogprobNumberSchema.safeParse(logprob);
    if (!parsed.success) {
      context.addIssue({
        code: "custom",
        path: [token],
        message: parsed.error.issues[0]?.message ?? "invalid logprob",
      });
      return z.NEVER;
    }
    entries.push([token, parsed.data]);
  }
  return entries;
});

/** The `logprobs` object of one legacy completion choice. */
export const OpenAICompletionLogprobsSchema = z
  .object({
    tokens: z.array(z.string()),
    token_logprobs: z.array(LogprobNumberSchema.nullable()),
    top_logprobs: z.array(TopLogprobsDictSchema).nullable().optional(),
    text_offset: z.array(z.number().int().min(0)).optional(),
  })
  .superRefine((value, context) => {
    const count = value.tokens.length;
    const lengths: [string, number | undefined][] = [
      ["token_logprobs", value.token_logprobs.length],
      ["top_logprobs", value.top_logprobs?.length],
      ["text_offset", value.text_offset?.length],
    ];
    for (const [field, length] of lengths) {
      if (length !== undefined && length !== count) {
        context.addIssue({
          code: "custom",
          path: [field],
          message: `has ${length} entries but tokens has ${count} (allowed: exactly one entry per token)`,
        });
      }
    }
  });

/** The `logprobs` object of one legacy completion choice. */
export type OpenAICompletionLogprobs = {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[];
  text_offset: number[];
};

/** One choice of a legacy completion response. */
export const OpenAICompletionChoiceSchema = z.object({
  text: z.string(),
  index: z.number().int().min(0),
  logprobs: OpenAICompletionLogprobsSchema.nullable(),
  finish_reason: z.string().nullable().optional(),
});

/** Token counts as the API reports them. */
export const OpenAIUsageSchema = z.object({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0).optional(),
  total_tokens: z.number().int().min(0).optional(),
});

/** A full legacy completion response (`object: "text_completion"`). */
export const OpenAICompletionResponseSchema = z.object({
  id: z.string().optional(),
  object: z.literal("text_completion"),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(OpenAICompletionChoiceSchema).min(1, { error: "needs at least one choice" }),
  usage: OpenAIUsageSchema.nullable().optional(),
});
export type OpenAICompletionResponse = z.output<typeof OpenAICompletionResponseSchema>;

/** Options of {@link fromOpenAICompletionLogprobs}. */
export interface FromOpenAICompletionOptions {
  /** Provenance fields to set (default: source "openai", distribution "top-k"). */
  provenance?: Partial<Provenance>;
  /** Number of leading tokens that belong to the prompt (echo); they get `prompt: true`. */
  promptTokenCount?: number;
  /** JSON path of the object, used in error messages (default "logprobs"). */
  path?: string;
  /**
   * The `logprobs` (k) the request asked for. OpenAI lists the sampled token as an extra entry
   * when it is not among the k most probable; that entry is dropped (see
   * {@link withoutListedSampledToken}). When absent, k is inferred from the response.
   */
  topLogprobs?: number;
}

function sortedAlternatives(top: [string, number][] | null | undefined): TopAlternative[] {
  if (!top) return [];
  return top
    .map(([token, logprob]) => ({ token, logprob, bytes: utf8Bytes(token) }))
    .sort((a, b) => b.logprob - a.logprob);
}

/**
 * OpenAI's legacy rule: "the API will always return the logprob of the sampled token, so there may
 * be up to logprobs+1 elements". Such an extra entry is not the (k+1)-th most probable token, and a
 * top list with a gap would break what core assumes of it (every unlisted token is at most as
 * probable as the last listed one: the entropy bounds rely on it). Drops the last alternative of a
 * token when the list is longer than `k` and that alternative is the token itself (its logprob is
 * the token's own). `k` defaults to the shortest non-empty top list of the response. Cost: O(n).
 */
export function withoutListedSampledToken(tokens: TokenLogprob[], k?: number): TokenLogprob[] {
  const lengths = tokens.map((token) => token.top.length).filter((length) => length > 0);
  const limit = k ?? (lengths.length > 0 ? Math.min(...lengths) : 0);
  return tokens.map((token) => {
    const last = token.top[token.top.length - 1];
    return token.top.length > limit && last !== undefined && last.token === token.token
      ? { ...token, top: token.top.slice(0, -1) }
      : token;
  });
}

/** Raw (not yet normalised) tokens of a legacy `logprobs` object that passed the schema. */
export function completionLogprobsToTokens(
  logprobs: z.output<typeof OpenAICompletionLogprobsSchema>,
  promptTokenCount = 0,
): TokenLogprob[] {
  return logprobs.tokens.map((token, index) => {
    const record: TokenLogprob = {
      token,
      bytes: utf8Bytes(token),
      logprob: logprobs.token_logprobs[index] ?? null,
      top: sortedAlternatives(logprobs.top_logprobs?.[index]),
    };
    const offset = logprobs.text_offset?.[index];
    if (offset !== undefined) record.textOffset = offset;
    if (index < promptTokenCount) record.prompt = true;
    return record;
  });
}

/**
 * Parses one legacy completion `logprobs` object into a normalised core sequence. Alternatives are
 * sorted most to least probable; -9999 becomes `null` (unknown). Throws `InvalidInputError` naming
 * the JSON path of the first problem. Cost: O(tokens x k log k).
 */
export function fromOpenAICompletionLogprobs(
  value: unknown,
  options: FromOpenAICompletionOptions = {},
): LogprobSequence {
  const logprobs = parseWithSchema(OpenAICompletionLogprobsSchema, value, options.path ?? "logprobs");
  return sequenceOf(logprobs, options);
}

function sequenceOf(
  logprobs: z.output<typeof OpenAICompletionLogprobsSchema>,
  options: FromOpenAICompletionOptions,
): LogprobSequence {
  const tokens = withoutListedSampledToken(
    completionLogprobsToTokens(logprobs, options.promptTokenCount),
    options.topLogprobs,
  );
  return normalizeSequence({
    tokens,
    text: logprobs.tokens.join(""),
    provenance: { source: "openai", distribution: "top-k", ...options.provenance },
  });
}

/** Options of {@link toOpenAICompletionLogprobs}. */
export interface ToOpenAICompletionOptions {
  /**
   * Offset (UTF-16 code units) of the first token in the choice's text base; offsets then run
   * cumulatively over the token texts. When absent, each token's own `textOffset` is used, and
   * missing ones continue from the previous token (starting at 0).
   */
  textOffsetStart?: number;
}

/**
 * Emits a legacy completion `logprobs` object with the API's key order
 * (`tokens, token_logprobs, top_logprobs, text_offset`). A token with `null` logprob gets `null`
 * in `token_logprobs` and in `top_logprobs`, as the API does for the first echoed prompt token.
 * When two alternatives share a token text, the more probable one is kept (a JSON object has one
 * value per key). As the API does, a token that is not among its alternatives is listed after them
 * ("there may be up to logprobs+1 elements"); {@link withoutListedSampledToken} undoes that when
 * parsing. Cost: O(tokens x k).
 */
export function toOpenAICompletionLogprobs(
  tokens: readonly TokenLogprob[],
  options: ToOpenAICompletionOptions = {},
): OpenAICompletionLogprobs {
  const out: OpenAICompletionLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let running = options.textOffsetStart ?? 0;
  for (const token of tokens) {
    const offset = options.textOffsetStart === undefined ? (token.textOffset ?? running) : running;
    out.tokens.push(token.token);
    out.token_logprobs.push(token.logprob);
    if (token.logprob === null) out.top_logprobs.push(null);
    else {
      const seen = new Set<string>();
      const entries: [string, number][] = [];
      for (const alternative of token.top) {
        if (seen.has(alternative.token)) continue;
        seen.add(alternative.token);
        entries.push([alternative.token, alternative.logprob]);
      }
      // OpenAI's rule: the sampled token is always listed ("up to logprobs+1 elements").
      if (!seen.has(token.token)) entries.push([token.token, token.logprob]);
      out.top_logprobs.push(Object.fromEntries(entries));
    }
    out.text_offset.push(offset);
    running = offset + token.token.length;
  }
  return out;
}

/**
 * Parses a full legacy completion response: the chosen choice's `logprobs` (default choice 0).
 * When the first logprob is `null` (echo) and `usage.prompt_tokens` is present, that many leading
 * tokens are marked `prompt: true`. Throws `InvalidInputError` naming the JSON path.
 */
export function fromOpenAICompletionResponse(
  value: unknown,
  options: { choice?: number; source?: string } = {},
): LogprobSequence {
  const response = parseWithSchema(OpenAICompletionResponseSchema, value);
  const choiceIndex = options.choice ?? 0;
  const choice = response.choices[choiceIndex];
  if (!choice) throw invalidChoice(choiceIndex, response.choices.length);
  const path = `choices[${choiceIndex}].logprobs`;
  if (!choice.logprobs) throw missingLogprobs(path);
  const echoed = choice.logprobs.token_logprobs[0] === null;
  const promptTokenCount = echoed ? (response.usage?.prompt_tokens ?? 0) : 0;
  const provenance: Partial<Provenance> = { source: options.source ?? "openai" };
  if (response.model !== undefined) provenance.model = response.model;
  return sequenceOf(choice.logprobs, { path, promptTokenCount, provenance });
}
