/**
 * One line of a batch input file (JSONL): an `id` and exactly one of `prompt` (raw text),
 * `messages` (chat) or `score` (a text to score), with optional generation settings. Lines are
 * validated with zod; a bad line becomes a recorded error, never a crash.
 */
import { z } from "zod";
import type { GenerateRequest, ScoreRequest } from "../../core/model.js";

/** Largest `maxTokens` a batch line may ask for. */
export const BATCH_MAX_TOKENS = 100_000;
/** Largest `topLogprobs` a batch line may ask for. */
export const BATCH_MAX_TOP_LOGPROBS = 100;

const MessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"], { error: "must be system, user or assistant" }),
  content: z.string({ error: "must be a string" }),
});

/** The OpenAI API's names accepted for logprobe's own fields (`max_tokens` for `maxTokens`, ...). */
export const API_FIELD_NAMES: Readonly<Record<string, string>> = {
  max_tokens: "maxTokens",
  top_logprobs: "topLogprobs",
  top_p: "topP",
  top_k: "topK",
  min_p: "minP",
};

/** Renames the API's field names to logprobe's (a line giving both keeps both, and is refused). */
function renameApiFields(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const renamed: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [apiName, ownName] of Object.entries(API_FIELD_NAMES)) {
    if (apiName in renamed && !(ownName in renamed)) {
      renamed[ownName] = renamed[apiName];
      delete renamed[apiName];
    }
  }
  return renamed;
}

/**
 * The schema of one input line. Unknown keys are rejected, so typos do not pass silently; the
 * OpenAI API's names of the same fields (`max_tokens`, `top_logprobs`, `top_p`, `top_k`, `min_p`)
 * are accepted too.
 */
export const BatchItemSchema = z.preprocess(
  renameApiFields,
  z
    .strictObject({
      id: z.union([z.string().min(1, { error: "must not be empty" }), z.number().int()], {
        error: "must be a non-empty string or an integer",
      }),
      prompt: z.string({ error: "must be a string" }).optional(),
      messages: z.array(MessageSchema).min(1, { error: "must hold at least one message" }).optional(),
      score: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }).optional(),
      maxTokens: z
        .number()
        .int()
        .min(0)
        .max(BATCH_MAX_TOKENS, { error: `must be an integer from 0 to ${BATCH_MAX_TOKENS}` })
        .optional(),
      topLogprobs: z
        .number()
        .int()
        .min(0)
        .max(BATCH_MAX_TOP_LOGPROBS, { error: `must be an integer from 0 to ${BATCH_MAX_TOP_LOGPROBS}` })
        .optional(),
      temperature: z.number().min(0).max(2, { error: "must be a number from 0 to 2" }).optional(),
      topP: z.number().gt(0).max(1, { error: "must be a number greater than 0 and at most 1" }).optional(),
      topK: z.number().int().min(0, { error: "must be an integer >= 0" }).optional(),
      minP: z.number().min(0).max(1, { error: "must be a number from 0 to 1" }).optional(),
      seed: z.number().int({ error: "must be an integer" }).optional(),
      stop: z.array(z.string()).max(16, { error: "at most 16 stop strings" }).optional(),
      echo: z.boolean({ error: "must be true or false" }).optional(),
    })
    .superRefine((item, context) => {
      const kinds = [item.prompt, item.messages, item.score].filter((value) => value !== undefined).length;
      if (kinds !== 1) {
        context.addIssue({
          code: "custom",
          path: ["prompt"],
          message: "give exactly one of prompt, messages and score",
        });
      }
    }),
);

/** A validated input line. */
export type BatchItem = z.output<typeof BatchItemSchema>;

/** What a line asks for. */
export type BatchJob =
  | { type: "generate"; request: GenerateRequest }
  | { type: "score"; request: ScoreRequest };

/** The model request a validated item describes. */
export function batchJobOf(item: BatchItem): BatchJob {
  if (item.score !== undefined) {
    return {
      type: "score",
      request: {
        text: item.score,
        ...(item.topLogprobs !== undefined ? { topLogprobs: item.topLogprobs } : {}),
      },
    };
  }
  const sampling = {
    ...(item.temperature !== undefined ? { temperature: item.temperature } : {}),
    ...(item.topP !== undefined ? { topP: item.topP } : {}),
    ...(item.topK !== undefined ? { topK: item.topK } : {}),
    ...(item.minP !== undefined ? { minP: item.minP } : {}),
    ...(item.seed !== undefined ? { seed: item.seed } : {}),
  };
  const request: GenerateRequest = {
    ...(item.prompt !== undefined ? { prompt: item.prompt } : {}),
    ...(item.messages !== undefined ? { messages: item.messages } : {}),
    ...(item.maxTokens !== undefined ? { maxTokens: item.maxTokens } : {}),
    ...(item.topLogprobs !== undefined ? { topLogprobs: item.topLogprobs } : {}),
    ...(item.stop !== undefined ? { stop: item.stop } : {}),
    ...(item.echo !== undefined ? { echo: item.echo } : {}),
    ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
  };
  return { type: "generate", request };
}
