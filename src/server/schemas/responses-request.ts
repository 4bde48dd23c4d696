/**
 * The body of `POST /v1/responses` (OpenAI's Responses API, text in and text out). Tools, stored
 * conversations (`previous_response_id`) and reasoning are refused by name, not ignored.
 */
import { z } from "zod";
import type { ChatMessage } from "../../core/model.js";
import { MAX_MESSAGES } from "./chat-request.js";
import { MAX_LOGPROBS } from "./completions-request.js";
import { booleanField, integerIn, logprobsModeSchema, nonEmptyString } from "./field-schemas.js";
import { responsesTextFormatSchema } from "./response-format.js";
import { samplingFields } from "./sampling-fields.js";

/** The one `include` value this server produces. */
export const OUTPUT_TEXT_LOGPROBS = "message.output_text.logprobs";

const partsMessage =
  'must be a string or an array of {"type": "input_text" | "output_text", "text": string} parts';

/** Message content: a string, or text parts (joined); images, files and audio are refused. */
const inputContentSchema = z
  .union(
    [
      z.string(),
      z.array(
        z.object({
          type: z.enum(["input_text", "output_text", "text"], {
            error: 'only "input_text" and "output_text" parts are supported',
          }),
          text: z.string({ error: "must be a string" }),
        }),
      ),
    ],
    { error: partsMessage },
  )
  .transform((value) => (typeof value === "string" ? value : value.map((part) => part.text).join("")));

/** One input item: a message (`type` "message" or absent); other item types are refused. */
const inputItemSchema = z
  .object({
    type: z.literal("message", { error: 'only "message" items are supported' }).optional(),
    role: z.enum(["system", "developer", "user", "assistant"], {
      error: 'must be "system", "developer", "user" or "assistant"',
    }),
    content: inputContentSchema,
  })
  .transform(
    (item): ChatMessage => ({
      role: item.role === "developer" ? "system" : item.role,
      content: item.content,
    }),
  );

const inputMessage = `must be a string or an array of 1 to ${MAX_MESSAGES} message items`;

/** `input`: a string (one user message) or message items. */
const inputSchema = z
  .union(
    [
      z.string(),
      z
        .array(inputItemSchema, { error: inputMessage })
        .min(1, { error: inputMessage })
        .max(MAX_MESSAGES, { error: inputMessage }),
    ],
    { error: inputMessage },
  )
  .transform((value): ChatMessage[] =>
    typeof value === "string" ? [{ role: "user", content: value }] : value,
  );

/** A field accepted only when absent or null. */
function refused(allowed: string) {
  return z.null({ error: `is not supported by this server (allowed: ${allowed})` }).optional();
}

/** Builds the schema; `maxTokensLimit` is the server's cap on `max_output_tokens`. */
export function responsesRequestSchema(limits: { maxTokensLimit: number }) {
  return z.object({
    model: nonEmptyString().optional(),
    input: inputSchema,
    instructions: z.string({ error: "must be a string" }).nullable().optional(),
    max_output_tokens: integerIn(1, limits.maxTokensLimit).nullable().optional(),
    stream: booleanField().nullable().optional(),
    include: z
      .array(z.literal(OUTPUT_TEXT_LOGPROBS, { error: `only "${OUTPUT_TEXT_LOGPROBS}" is supported` }), {
        error: `must be an array (allowed: ["${OUTPUT_TEXT_LOGPROBS}"] or [])`,
      })
      .nullable()
      .optional(),
    top_logprobs: integerIn(0, MAX_LOGPROBS).nullable().optional(),
    logprobs_mode: logprobsModeSchema.optional(),
    text: z
      .object(
        {
          format: responsesTextFormatSchema,
          verbosity: z
            .enum(["medium"], { error: 'is not supported by this server (allowed: "medium" or absent)' })
            .nullable()
            .optional(),
        },
        { error: "must be an object {format}" },
      )
      .nullable()
      .optional(),
    tools: z
      .array(z.unknown())
      .max(0, { error: "is not supported by this server (allowed: [] or absent)" })
      .nullable()
      .optional(),
    tool_choice: z
      .enum(["none", "auto"], {
        error: 'is not supported by this server (allowed: "none", "auto" or absent)',
      })
      .nullable()
      .optional(),
    parallel_tool_calls: booleanField().nullable().optional(),
    previous_response_id: refused("null or absent: this server stores no responses"),
    conversation: refused("null or absent: this server stores no conversations"),
    reasoning: refused("null or absent"),
    truncation: z
      .enum(["disabled"], { error: 'is not supported by this server (allowed: "disabled" or absent)' })
      .nullable()
      .optional(),
    store: booleanField().nullable().optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    user: z.string({ error: "must be a string" }).nullable().optional(),
    ...samplingFields,
  });
}

/** A validated Responses API request. */
export type ResponsesRequest = z.output<ReturnType<typeof responsesRequestSchema>>;
