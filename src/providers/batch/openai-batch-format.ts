/**
 * OpenAI's Batch API JSONL, as `vllm run-batch` reads and writes it, beside logprobe's own lines:
 * - in: `{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions" | "/v1/completions",
 *   "body": {...the endpoint's request...}}`;
 * - out: `{"id": "batch_req_...", "custom_id": "r1", "response": {"status_code": 200,
 *   "request_id": "...", "body": {...the endpoint's response, logprobs included...}}, "error": null}`;
 *   a request that fails gets its status code and OpenAI's error body; a line that cannot be read as
 *   a request at all gets `response: null` and `error: {code, message}`.
 * The request body is turned into a batch item (so the run is the same as for logprobe's lines),
 * and the result back into the endpoint's own response shape with the wire layer's emitters.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { InvalidInputError } from "../../core/errors.js";
import type { TokenLogprob } from "../../core/types.js";
import { toOpenAIChatLogprobs, toOpenAICompletionLogprobs } from "../../wire/index.js";
import type { BatchItem } from "./batch-item-schema.js";
import type { BatchFailureLine, BatchResultLine } from "./batch-result.js";

/** The endpoints a batch line may call. */
export const OPENAI_BATCH_URLS = ["/v1/chat/completions", "/v1/completions"] as const;

/** What the output line needs to know about its request. */
export interface OpenAIBatchRequestMeta {
  customId: string;
  url: (typeof OPENAI_BATCH_URLS)[number];
  /** Chat: `logprobs: true`; completions: `logprobs: k` (null when not asked). */
  logprobs: boolean;
  topLogprobs: number;
  /** Completions: UTF-16 length of the prompt (`text_offset` counts from the prompt's start, as OpenAI's). */
  promptLength?: number;
}

/** True when a parsed JSON line is an OpenAI batch request (it has `custom_id` and `body`). */
export function isOpenAIBatchRequest(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && "custom_id" in value && "body" in value;
}

const textOrParts = z.union([
  z.string(),
  z
    .array(z.object({ type: z.literal("text"), text: z.string() }))
    .transform((parts) => parts.map((part) => part.text).join("")),
]);

const common = {
  max_tokens: z.number().int().min(0).nullable().optional(),
  temperature: z.number().nullable().optional(),
  top_p: z.number().nullable().optional(),
  top_k: z.number().int().nullable().optional(),
  min_p: z.number().nullable().optional(),
  seed: z.number().int().nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  n: z.literal(1, { error: "only n = 1 is supported in a batch line" }).nullable().optional(),
  stream: z.literal(false, { error: "a batch line cannot stream" }).nullable().optional(),
  model: z.string().optional(),
};

const chatBody = z.looseObject({
  ...common,
  messages: z
    .array(z.object({ role: z.enum(["system", "developer", "user", "assistant"]), content: textOrParts }))
    .min(1, { error: "must hold at least one message" }),
  max_completion_tokens: z.number().int().min(0).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
});

const completionBody = z.looseObject({
  ...common,
  prompt: z.string({ error: "must be a string (one prompt per batch line)" }),
  logprobs: z.number().int().min(0).max(20).nullable().optional(),
  echo: z.literal(false, { error: "echo is not supported in a batch line" }).nullable().optional(),
});

const requestLine = z.object({
  custom_id: z.string().min(1, { error: "must be a non-empty string" }),
  method: z.literal("POST", { error: 'must be "POST"' }).optional(),
  url: z.enum(OPENAI_BATCH_URLS, { error: `must be ${OPENAI_BATCH_URLS.join(" or ")}` }),
  body: z.record(z.string(), z.unknown(), { error: "must be the endpoint's request object" }),
});

function fail(lineNumber: number, issue: z.core.$ZodIssue | undefined, prefix = ""): InvalidInputError {
  const path =
    issue?.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("") ?? "";
  return new InvalidInputError(`line ${lineNumber}${prefix}${path}`, issue?.message ?? "invalid");
}

/**
 * Turns an OpenAI batch request line into a batch item and what its output line needs.
 *
 * @throws {InvalidInputError} naming `line N.url`, `line N.body.messages[0].role` and so on
 */
export function fromOpenAIBatchRequest(
  value: Record<string, unknown>,
  lineNumber: number,
): { item: BatchItem; meta: OpenAIBatchRequestMeta } {
  const line = requestLine.safeParse(value);
  if (!line.success) throw fail(lineNumber, line.error.issues[0]);
  const { custom_id: customId, url, body } = line.data;
  const chat = url === "/v1/chat/completions";
  let content: Pick<BatchItem, "messages" | "prompt">;
  let logprobs: boolean;
  let topLogprobs: number;
  let maxTokens: number | null | undefined;
  let request: z.output<typeof chatBody> | z.output<typeof completionBody>;
  if (chat) {
    const parsed = chatBody.safeParse(body);
    if (!parsed.success) throw fail(lineNumber, parsed.error.issues[0], ".body");
    request = parsed.data;
    content = {
      messages: parsed.data.messages.map((message) => ({
        role: message.role === "developer" ? ("system" as const) : message.role,
        content: message.content,
      })),
    };
    logprobs = parsed.data.logprobs === true;
    topLogprobs = logprobs ? (parsed.data.top_logprobs ?? 0) : 0;
    maxTokens = parsed.data.max_completion_tokens ?? parsed.data.max_tokens;
  } else {
    const parsed = completionBody.safeParse(body);
    if (!parsed.success) throw fail(lineNumber, parsed.error.issues[0], ".body");
    request = parsed.data;
    content = { prompt: parsed.data.prompt };
    logprobs = parsed.data.logprobs != null;
    topLogprobs = parsed.data.logprobs ?? 0;
    maxTokens = parsed.data.max_tokens;
  }
  const item: BatchItem = {
    id: customId,
    ...content,
    ...(maxTokens != null ? { maxTokens } : {}),
    topLogprobs,
    // OpenAI's endpoints sample at temperature 1 unless told otherwise.
    temperature: request.temperature ?? 1,
    ...(request.top_p != null ? { topP: request.top_p } : {}),
    ...(request.top_k != null && request.top_k > 0 ? { topK: request.top_k } : {}),
    ...(request.min_p != null ? { minP: request.min_p } : {}),
    ...(request.seed != null ? { seed: request.seed } : {}),
    ...(request.stop != null
      ? { stop: typeof request.stop === "string" ? [request.stop] : request.stop }
      : {}),
  };
  const promptLength = content.prompt?.length;
  return {
    item,
    meta: { customId, url, logprobs, topLogprobs, ...(promptLength !== undefined ? { promptLength } : {}) },
  };
}

function statusOf(error: BatchFailureLine["error"]): number {
  if (
    error.code === "invalid_input" ||
    error.code === "unsupported" ||
    error.code === "context_length_exceeded"
  )
    return 400;
  if (error.status === 429) return 429;
  if (error.status !== undefined) return 502;
  return 500;
}

/** A tokens' `top` cut to `k` alternatives. */
function limitTop(tokens: readonly TokenLogprob[], k: number): TokenLogprob[] {
  return tokens.map((token) => ({ ...token, top: token.top.slice(0, k) }));
}

/**
 * The output line of one request: the endpoint's response object (with logprobs when asked) or
 * its error. `line` must carry the tokens (run the batch with tokens included for these lines).
 */
export function toOpenAIBatchOutput(line: BatchResultLine, meta: OpenAIBatchRequestMeta) {
  const id = `batch_req_${randomUUID().replaceAll("-", "")}`;
  const requestId = randomUUID();
  if (!line.ok) {
    const status = statusOf(line.error);
    return {
      id,
      custom_id: meta.customId,
      response: {
        status_code: status,
        request_id: requestId,
        body: {
          error: {
            message: line.error.message,
            type: status === 400 ? "invalid_request_error" : "server_error",
            param: line.error.field ?? null,
            code: line.error.code,
          },
        },
      },
      error: null,
    };
  }
  const created = Math.floor(Date.now() / 1000);
  const tokens = limitTop(line.tokens ?? [], meta.topLogprobs);
  const finishReason = line.finishReason === "stop" ? "stop" : "length";
  const usage = {
    prompt_tokens: line.usage.promptTokens,
    completion_tokens: line.usage.completionTokens,
    total_tokens: line.usage.promptTokens + line.usage.completionTokens,
  };
  const body =
    meta.url === "/v1/chat/completions"
      ? {
          id: `chatcmpl-${requestId.replaceAll("-", "")}`,
          object: "chat.completion",
          created,
          model: line.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: line.text ?? "", refusal: null },
              logprobs: meta.logprobs ? toOpenAIChatLogprobs(tokens) : null,
              finish_reason: finishReason,
            },
          ],
          usage,
        }
      : {
          id: `cmpl-${requestId.replaceAll("-", "")}`,
          object: "text_completion",
          created,
          model: line.model,
          choices: [
            {
              text: line.text ?? "",
              index: 0,
              logprobs: meta.logprobs
                ? toOpenAICompletionLogprobs(tokens, { textOffsetStart: meta.promptLength ?? 0 })
                : null,
              finish_reason: finishReason,
            },
          ],
          usage,
        };
  return {
    id,
    custom_id: meta.customId,
    response: { status_code: 200, request_id: requestId, body },
    error: null,
  };
}
