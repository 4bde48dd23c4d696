/** The body of `POST /v1/chat/completions`. */
import { z } from "zod";
import type { ChatMessage } from "../../core/model.js";
import { MAX_CHOICES, MAX_LOGPROBS } from "./completions-request.js";
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

/** Most messages in one request. */
export const MAX_MESSAGES = 1024;

const contentMessage = 'must be a string or an array of {"type": "text", "text": string} parts';

/** Message content: a string, or text parts (joined); images and audio are refused. */
const contentSchema = z
  .union(
    [
      z.string(),
      z.array(
        z.object({
          type: z.literal("text", { error: 'only "text" parts are supported' }),
          text: z.string({ error: "must be a string" }),
        }),
      ),
    ],
    { error: contentMessage },
  )
  .transform((value) => (typeof value === "string" ? value : value.map((part) => part.text).join("")));

/** One chat message; OpenAI's `developer` role is treated as `system`. */
export const chatMessageSchema = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant"], {
      error: 'must be "system", "developer", "user" or "assistant" (tool messages are not supported)',
    }),
    content: contentSchema,
    name: z.string().optional(),
  })
  .transform(
    (message): ChatMessage => ({
      role: message.role === "developer" ? "system" : message.role,
      content: message.content,
    }),
  );

/** A list of 1 to {@link MAX_MESSAGES} messages. */
export const messagesSchema = z
  .array(chatMessageSchema, { error: `must be an array of 1 to ${MAX_MESSAGES} messages` })
  .min(1, { error: `must be an array of 1 to ${MAX_MESSAGES} messages` })
  .max(MAX_MESSAGES, { error: `must be an array of 1 to ${MAX_MESSAGES} messages` });

/**
 * Builds the schema; `maxTokensLimit` is the server's cap on `max_tokens`, `maxLogprobs` (default
 * {@link MAX_LOGPROBS}) on `top_logprobs` and vLLM's `prompt_logprobs`.
 */
export function chatRequestSchema(limits: { maxTokensLimit: number; maxLogprobs?: number }) {
  const maxLogprobs = limits.maxLogprobs ?? MAX_LOGPROBS;
  return z
    .object({
      model: nonEmptyString().optional(),
      messages: messagesSchema,
      max_tokens: integerIn(1, limits.maxTokensLimit).nullable().optional(),
      max_completion_tokens: integerIn(1, limits.maxTokensLimit).nullable().optional(),
      n: integerIn(1, MAX_CHOICES).nullable().optional(),
      stop: stopSchema,
      stream: booleanField().nullable().optional(),
      stream_options: streamOptionsSchema,
      logprobs: booleanField().nullable().optional(),
      top_logprobs: integerIn(0, maxLogprobs).nullable().optional(),
      /** vLLM: logprobs of the (templated) prompt's tokens, at the top level of the answer. */
      prompt_logprobs: integerIn(0, maxLogprobs).nullable().optional(),
      /** vLLM: token strings in logprobs written `token_id:<id>`. */
      return_tokens_as_token_ids: booleanField().nullable().optional(),
      logprobs_mode: logprobsModeSchema.optional(),
      response_format: chatResponseFormatSchema,
      tools: z
        .array(z.unknown())
        .max(0, { error: "is not supported by this server (allowed: [] or absent)" })
        .nullable()
        .optional(),
      ...samplingFields,
      ...neutralOnlyFields,
    })
    .superRefine((value, context) => {
      if (value.top_logprobs != null && value.logprobs !== true) {
        context.addIssue({
          code: "custom",
          path: ["top_logprobs"],
          message: "requires logprobs: true",
        });
      }
    });
}

/** A validated chat request. */
export type ChatRequest = z.output<ReturnType<typeof chatRequestSchema>>;
