/** The body of `POST /v1/completions` (OpenAI legacy completions plus vLLM-style extensions). */
import { z } from "zod";
import {
  booleanField,
  integerIn,
  logprobsModeSchema,
  neutralOnlyFields,
  nonEmptyString,
  stopSchema,
  streamOptionsSchema,
} from "./field-schemas.js";
import { chatResponseFormatSchema } from "./response-format.js";
import { samplingFields } from "./sampling-fields.js";

/** Most prompts in one request. */
export const MAX_PROMPTS = 64;
/** Most choices per prompt (`n`). */
export const MAX_CHOICES = 16;
/** Most top alternatives per token (`logprobs`, `prompt_logprobs`), as OpenAI allows. */
export const MAX_LOGPROBS = 20;
/** OpenAI's default `max_tokens` for legacy completions. */
export const DEFAULT_COMPLETION_MAX_TOKENS = 16;

const promptMessage = `must be a string, an array of 1 to ${MAX_PROMPTS} strings, an array of token ids, or an array of 1 to ${MAX_PROMPTS} arrays of token ids`;

/** Largest token id accepted in a token-id prompt (the model checks its own vocabulary). */
const MAX_PROMPT_TOKEN_ID = 2 ** 31 - 1;

const tokenIdsSchema = z
  .array(z.number().int().min(0).max(MAX_PROMPT_TOKEN_ID), { error: promptMessage })
  .min(1, { error: promptMessage });

/**
 * `prompt`: text or token ids (as lm-evaluation-harness sends with `tokenized_requests`), one or a
 * batch; normalised to a list whose entries are a string or a token-id array.
 */
export const promptSchema = z
  .union(
    [
      z.string(),
      z.array(z.string()).min(1).max(MAX_PROMPTS),
      tokenIdsSchema,
      z.array(tokenIdsSchema).min(1).max(MAX_PROMPTS),
    ],
    { error: promptMessage },
  )
  .transform((value): (string | number[])[] => {
    if (typeof value === "string") return [value];
    if (value.every((entry) => typeof entry === "number")) return [value as number[]];
    return value as (string | number[])[];
  });

/**
 * Builds the schema; `maxTokensLimit` is the server's cap on `max_tokens`, `maxLogprobs` (default
 * {@link MAX_LOGPROBS}, vLLM's `--max-logprobs`) on `logprobs` and `prompt_logprobs`.
 */
export function completionsRequestSchema(limits: { maxTokensLimit: number; maxLogprobs?: number }) {
  const maxLogprobs = limits.maxLogprobs ?? MAX_LOGPROBS;
  return z
    .object({
      model: nonEmptyString().optional(),
      prompt: promptSchema,
      max_tokens: integerIn(0, limits.maxTokensLimit).nullable().optional(),
      n: integerIn(1, MAX_CHOICES).nullable().optional(),
      best_of: integerIn(1, MAX_CHOICES).nullable().optional(),
      stop: stopSchema,
      stream: booleanField().nullable().optional(),
      stream_options: streamOptionsSchema,
      logprobs: integerIn(0, maxLogprobs).nullable().optional(),
      echo: booleanField().nullable().optional(),
      suffix: z.null({ error: "is not supported by this server (allowed: null or absent)" }).optional(),
      prompt_logprobs: integerIn(0, maxLogprobs).nullable().optional(),
      /** vLLM: token strings in logprobs written `token_id:<id>`. */
      return_tokens_as_token_ids: booleanField().nullable().optional(),
      logprobs_mode: logprobsModeSchema.optional(),
      response_format: chatResponseFormatSchema,
      ...samplingFields,
      ...neutralOnlyFields,
    })
    .superRefine((value, context) => {
      if (value.max_tokens === 0 && !value.echo) {
        context.addIssue({
          code: "custom",
          path: ["max_tokens"],
          message:
            "must be an integer from 1 to " + limits.maxTokensLimit + " (0 is allowed only with echo: true)",
        });
      }
      if (value.best_of != null && value.best_of !== (value.n ?? 1)) {
        context.addIssue({
          code: "custom",
          path: ["best_of"],
          message: "is not supported by this server (allowed: equal to n, or absent)",
        });
      }
    });
}

/** A validated completions request. */
export type CompletionsRequest = z.output<ReturnType<typeof completionsRequestSchema>>;
