/**
 * Bodies of Ollama's `/api/generate` and `/api/chat` (api/types.go: GenerateRequest, ChatRequest,
 * Options). Like Ollama (Go's JSON decoder), unknown fields are ignored; fields this server cannot
 * honour (images, tools, thinking, `context`, `suffix`) are refused rather than silently dropped.
 * `top_logprobs` is 0 to 20 as in Ollama.
 */
import { z } from "zod";
import { messagesSchema } from "../schemas/chat-request.js";
import { MAX_LOGPROBS } from "../schemas/completions-request.js";
import { booleanField, integerIn, nonEmptyString, stopSchema } from "../schemas/field-schemas.js";
import { samplingFields } from "../schemas/sampling-fields.js";
import { logprobeExtensionsField } from "../token-extensions.js";

const refused = (allowed: string) => ({ error: `is not supported by this server (allowed: ${allowed})` });

/** `options`: the sampling and length settings this server honours; others are ignored. */
function optionsSchema(limits: { maxTokensLimit: number }) {
  return z
    .object({
      ...samplingFields,
      /** -1 (Ollama: until the context is full) and -2 (fill the context) leave the length open. */
      num_predict: integerIn(-2, limits.maxTokensLimit).nullable().optional(),
      stop: stopSchema,
    })
    .nullable()
    .optional();
}

/** `format`: `"json"` or a JSON schema object; `""` means none. */
const formatSchema = z
  .union([z.literal("json"), z.literal(""), z.record(z.string(), z.unknown())], {
    error: 'must be "json" or a JSON schema object',
  })
  .nullable()
  .optional();

const commonFields = (limits: { maxTokensLimit: number }) => ({
  model: nonEmptyString(),
  stream: booleanField().nullable().optional(),
  format: formatSchema,
  options: optionsSchema(limits),
  logprobs: booleanField().nullable().optional(),
  top_logprobs: integerIn(0, MAX_LOGPROBS).nullable().optional(),
  think: z.union([z.literal(false), z.null()], refused("false or absent")).optional(),
  keep_alive: z.union([z.string(), z.number()]).nullable().optional(),
  ...logprobeExtensionsField,
});

/** The body of `POST /api/generate`. */
export function ollamaGenerateSchema(limits: { maxTokensLimit: number }) {
  return z.object({
    ...commonFields(limits),
    prompt: z.string({ error: "must be a string" }).nullable().optional(),
    system: z.string({ error: "must be a string" }).nullable().optional(),
    raw: booleanField().nullable().optional(),
    suffix: z.union([z.literal(""), z.null()], refused('"" or absent')).optional(),
    images: z.array(z.unknown()).max(0, refused("[] or absent")).nullable().optional(),
    context: z.array(z.unknown()).max(0, refused("[] or absent")).nullable().optional(),
  });
}

/** The body of `POST /api/chat`. */
export function ollamaChatSchema(limits: { maxTokensLimit: number }) {
  return z.object({
    ...commonFields(limits),
    messages: messagesSchema,
    tools: z.array(z.unknown()).max(0, refused("[] or absent")).nullable().optional(),
  });
}

/** A validated `/api/generate` body. */
export type OllamaGenerateRequest = z.output<ReturnType<typeof ollamaGenerateSchema>>;
/** A validated `/api/chat` body. */
export type OllamaChatRequest = z.output<ReturnType<typeof ollamaChatSchema>>;

/** The body of `POST /api/show` (`name` is the older spelling of `model`). */
export const ollamaShowSchema = z
  .object({ model: nonEmptyString().optional(), name: nonEmptyString().optional() })
  .refine((value) => value.model !== undefined || value.name !== undefined, {
    error: "model is required",
    path: ["model"],
  });
