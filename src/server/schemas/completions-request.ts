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
import { samplingFields } from "./sampling-fields.js";

/** Most prompts in one request. */
export const MAX_PROMPTS = 64;
/** Most choices per prompt (`n`). */
export const MAX_CHOICES = 16;
/** Most top alternatives per token (`logprobs`, `prompt_logprobs`), as OpenAI allows. */
export const MAX_LOGPROBS = 20;
/** OpenAI's default `max_tokens` for legacy completions. */
export const DEFAULT_COMPLETION_MAX_TOKENS = 16;

const promptMessage = `must be a string or an array of 1 to ${MAX_PROMPTS} strings (token-id prompts are not supported: send text)`;

/** Builds the schema; `maxTokensLimit` is the server's cap on `max_tokens`. */
export function completionsRequestSchema(limits: { maxTokensLimit: number }) {
  return z
    .object({
      model: nonEmptyString().optional(),
      prompt: z.union(
        [
          z.string({ error: promptMessage }),
          z
            .array(z.string({ error: promptMessage }), { error: promptMessage })
            .min(1, { error: promptMessage })
            .max(MAX_PROMPTS, { error: promptMessage }),
        ],
        { error: promptMessage },
      ),
      max_tokens: integerIn(0, limits.maxTokensLimit).nullable().optional(),
      n: integerIn(1, MAX_CHOICES).nullable().optional(),
      best_of: integerIn(1, MAX_CHOICES).nullable().optional(),
      stop: stopSchema,
      stream: booleanField().nullable().optional(),
      stream_options: streamOptionsSchema,
      logprobs: integerIn(0, MAX_LOGPROBS).nullable().optional(),
      echo: booleanField().nullable().optional(),
      suffix: z.null({ error: "is not supported by this server (allowed: null or absent)" }).optional(),
      prompt_logprobs: integerIn(0, MAX_LOGPROBS).nullable().optional(),
      logprobs_mode: logprobsModeSchema.optional(),
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
