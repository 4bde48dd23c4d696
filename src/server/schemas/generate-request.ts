/**
 * Bodies of the web UI's streaming routes: `POST /v1/generate` and `POST /v1/branch` (the same
 * fields plus `prefix_tokens` and `forced_token`).
 */
import { z } from "zod";
import { messagesSchema } from "./chat-request.js";
import { MAX_LOGPROBS } from "./completions-request.js";
import { integerIn, logprobsModeSchema, nonEmptyString, stopSchema } from "./field-schemas.js";
import { samplingFields } from "./sampling-fields.js";

/** Largest token id accepted in `prefix_tokens` / `forced_token` (the model checks its own vocabulary). */
export const MAX_TOKEN_ID = 2 ** 31 - 1;

function generateFields(limits: { maxTokensLimit: number }) {
  return {
    model: nonEmptyString().optional(),
    prompt: z.string({ error: "must be a string" }).optional(),
    messages: messagesSchema.optional(),
    max_tokens: integerIn(1, limits.maxTokensLimit).nullable().optional(),
    top_logprobs: integerIn(0, MAX_LOGPROBS).nullable().optional(),
    logprobs_mode: logprobsModeSchema.optional(),
    stop: stopSchema,
    ...samplingFields,
  };
}

function exactlyOnePrompt(
  value: { prompt?: string | undefined; messages?: unknown },
  context: z.RefinementCtx,
) {
  if ((value.prompt === undefined) === (value.messages === undefined)) {
    context.addIssue({
      code: "custom",
      path: ["prompt"],
      message: "give exactly one of prompt (a string) or messages (an array)",
    });
  }
}

/** Builds the `/v1/generate` schema. */
export function generateRequestSchema(limits: { maxTokensLimit: number }) {
  return z.object(generateFields(limits)).superRefine(exactlyOnePrompt);
}

/** Builds the `/v1/branch` schema. */
export function branchRequestSchema(limits: { maxTokensLimit: number }) {
  const tokenId = integerIn(0, MAX_TOKEN_ID);
  return z
    .object({
      ...generateFields(limits),
      prefix_tokens: z.array(tokenId, { error: "must be an array of token ids (integers >= 0)" }),
      forced_token: tokenId,
    })
    .superRefine(exactlyOnePrompt);
}

/** A validated `/v1/generate` body. */
export type GenerateBody = z.output<ReturnType<typeof generateRequestSchema>>;
/** A validated `/v1/branch` body. */
export type BranchBody = z.output<ReturnType<typeof branchRequestSchema>>;
