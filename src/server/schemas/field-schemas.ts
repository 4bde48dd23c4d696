/**
 * zod building blocks for request fields, each with an error message that states the allowed range
 * (the message becomes the OpenAI error's text; the field's path becomes `param`).
 */
import { z } from "zod";

/** An integer in `[min, max]`; `null` is accepted as "not set" (OpenAI clients send it). */
export function integerIn(min: number, max: number) {
  const message = `must be an integer from ${min} to ${max}`;
  return z
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
}

/** A finite number in `[min, max]`. */
export function numberIn(min: number, max: number) {
  const message = `must be a number from ${min} to ${max}`;
  return z.number({ error: message }).min(min, { error: message }).max(max, { error: message });
}

/** A number in `(min, max]` (zero-width values would select nothing). */
export function numberAboveUpTo(min: number, max: number) {
  const message = `must be a number greater than ${min} and at most ${max}`;
  return z.number({ error: message }).gt(min, { error: message }).max(max, { error: message });
}

/** A boolean. */
export function booleanField() {
  return z.boolean({ error: "must be true or false" });
}

/** A non-empty string. */
export function nonEmptyString() {
  const message = "must be a non-empty string";
  return z.string({ error: message }).min(1, { error: message });
}

/** Largest number of stop strings (OpenAI's limit). */
export const MAX_STOP_STRINGS = 4;

/** `stop`: one string or up to four, as OpenAI accepts; normalised to an array. */
export const stopSchema = z
  .union(
    [
      z.string(),
      z
        .array(z.string({ error: "each stop entry must be a string" }))
        .max(MAX_STOP_STRINGS, { error: `at most ${MAX_STOP_STRINGS} stop strings` }),
    ],
    { error: `must be a string or an array of at most ${MAX_STOP_STRINGS} strings` },
  )
  .nullable()
  .optional()
  .transform((value) =>
    value === null || value === undefined ? [] : typeof value === "string" ? [value] : value,
  )
  .transform((value) => value.filter((stop) => stop.length > 0));

/** `logprobs_mode`: ours (`raw`, `processed`) and vLLM's names for the same two modes. */
export const logprobsModeSchema = z
  .enum(["raw", "processed", "raw_logprobs", "processed_logprobs"], {
    error: 'must be "raw" or "processed"',
  })
  .transform((value) => (value.startsWith("raw") ? ("raw" as const) : ("processed" as const)));

/** `stream_options` of OpenAI streaming requests. */
export const streamOptionsSchema = z
  .object({ include_usage: booleanField().nullable().optional() })
  .nullable()
  .optional();

/**
 * OpenAI fields this server cannot honour: accepted only at their neutral values, so a client that
 * asks for them learns it instead of getting silently different behaviour.
 */
export const neutralOnlyFields = {
  frequency_penalty: z
    .literal(0, { error: "is not supported by this server (allowed: 0 or absent)" })
    .nullable()
    .optional(),
  presence_penalty: z
    .literal(0, { error: "is not supported by this server (allowed: 0 or absent)" })
    .nullable()
    .optional(),
  logit_bias: z
    .record(z.string(), z.number())
    .refine((value) => Object.keys(value).length === 0, {
      error: "is not supported by this server (allowed: {} or absent)",
    })
    .nullable()
    .optional(),
  user: z.string({ error: "must be a string" }).nullable().optional(),
};
