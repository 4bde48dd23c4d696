/**
 * The Responses API's objects (`object: "response"`, its `message` output item, `output_text`
 * part and usage) from a model result. The logprobs are emitted by the wire layer's
 * `toOpenAIResponsesLogprobs`, the inverse of the parser that reads OpenAI's own responses.
 */
import type { GenerateResult, ResponseFormat } from "../../core/model.js";
import type { TokenLogprob } from "../../core/types.js";
import { type OpenAIResponsesTokenLogprob, toOpenAIResponsesLogprobs } from "../../wire/index.js";
import { withChosenLogprob } from "./chosen-token-logprob.js";
import type { ResponsesEcho, ResponsesPlan } from "./responses-plan.js";

/** Ids and timestamps shared by every event of one response. */
export interface ResponseMeta {
  id: string;
  messageId: string;
  createdAt: number;
  model: string;
}

/** One `output_text` content part. */
export interface OutputTextPart {
  type: "output_text";
  text: string;
  annotations: [];
  logprobs?: OpenAIResponsesTokenLogprob[];
}

/** The Responses API's usage object. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The `logprobs` of `tokens` as the plan asks (absent when not asked for). Cost: O(tokens x k). */
export function responseLogprobs(
  plan: ResponsesPlan,
  tokens: readonly TokenLogprob[],
): { logprobs?: OpenAIResponsesTokenLogprob[] } {
  if (!plan.logprobs) return {};
  return { logprobs: toOpenAIResponsesLogprobs(tokens.map((token) => withChosenLogprob(token))) };
}

/** The `output_text` part of a finished result. */
export function outputTextPart(plan: ResponsesPlan, result: GenerateResult): OutputTextPart {
  return {
    type: "output_text",
    text: result.text,
    annotations: [],
    ...responseLogprobs(plan, result.sequence.tokens),
  };
}

/** The assistant `message` output item. */
export function messageItem(
  meta: ResponseMeta,
  status: "in_progress" | "completed" | "incomplete",
  content: OutputTextPart[],
) {
  return { id: meta.messageId, type: "message" as const, status, role: "assistant" as const, content };
}

/** Usage of one result. */
export function responsesUsage(result: GenerateResult): ResponsesUsage {
  const { promptTokens, completionTokens } = result.usage;
  return {
    input_tokens: promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: completionTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: promptTokens + completionTokens,
  };
}

function textFormat(format: ResponseFormat | undefined) {
  if (format === undefined) return { type: "text" };
  if (format.type === "json_object") return { type: "json_object" };
  return { type: "json_schema", name: format.name ?? "response", schema: format.schema, strict: true };
}

/**
 * The response object. Without `result` it is the `in_progress` shell that streaming starts with;
 * with one, `status` is "completed", or "incomplete" (reason `max_output_tokens`) when the token
 * limit ended it.
 */
export function responseObject(
  meta: ResponseMeta,
  echo: ResponsesEcho,
  plan?: ResponsesPlan,
  result?: GenerateResult,
) {
  const incomplete = result !== undefined && result.finishReason !== "stop";
  const status = result === undefined ? "in_progress" : incomplete ? "incomplete" : "completed";
  return {
    id: meta.id,
    object: "response" as const,
    created_at: meta.createdAt,
    status,
    error: null,
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    model: meta.model,
    output:
      result && plan
        ? [messageItem(meta, incomplete ? "incomplete" : "completed", [outputTextPart(plan, result)])]
        : [],
    parallel_tool_calls: false,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: echo.temperature,
    text: { format: textFormat(echo.format) },
    tool_choice: "none",
    tools: [],
    top_logprobs: echo.top_logprobs,
    top_p: echo.top_p,
    truncation: "disabled",
    usage: result ? responsesUsage(result) : null,
    user: echo.user,
    metadata: echo.metadata,
  };
}
