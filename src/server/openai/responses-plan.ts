/** Turns a validated Responses API request into one model request and how to present it. */
import { UnsupportedError } from "../../core/errors.js";
import type { GenerateRequest, LogprobModel, ResponseFormat } from "../../core/model.js";
import { OUTPUT_TEXT_LOGPROBS, type ResponsesRequest } from "../schemas/responses-request.js";
import { toSamplingSettings } from "../schemas/sampling-fields.js";
import { checkLogprobsMode, checkResponseFormat, checkTopLogprobs } from "./capability-checks.js";

/** The request of a Responses call and the settings its response echoes. */
export interface ResponsesPlan {
  request: Omit<GenerateRequest, "signal">;
  /** Whether `output_text` parts carry `logprobs`. */
  logprobs: boolean;
  /** Alternatives per token. */
  topLogprobs: number;
  /** The request's settings as the response object repeats them. */
  echo: ResponsesEcho;
}

/** Request settings that OpenAI's response object repeats. */
export interface ResponsesEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  temperature: number;
  top_p: number;
  top_logprobs: number;
  format: ResponseFormat | undefined;
  metadata: Record<string, string>;
  user: string | null;
}

/**
 * Builds the plan. `instructions` become a leading system message. Logprobs are returned when
 * `include` holds "message.output_text.logprobs" or `top_logprobs` is set. Throws when the model
 * cannot chat, cannot return that many alternatives or cannot honour `text.format`.
 */
export function planResponses(body: ResponsesRequest, model: LogprobModel): ResponsesPlan {
  if (!model.capabilities.chat) {
    throw new UnsupportedError("input", `the model ${model.id} takes raw text only: use /v1/completions`);
  }
  const logprobs = body.include?.includes(OUTPUT_TEXT_LOGPROBS) === true || body.top_logprobs != null;
  const topLogprobs = logprobs ? (body.top_logprobs ?? 0) : 0;
  checkTopLogprobs(model, "top_logprobs", topLogprobs);
  if (body.logprobs_mode !== undefined) checkLogprobsMode(model, body.logprobs_mode);
  const format = body.text?.format;
  checkResponseFormat(model, "text.format", format);
  const messages = body.instructions
    ? [{ role: "system" as const, content: body.instructions }, ...body.input]
    : body.input;
  const sampling = toSamplingSettings(body, 1);
  const request: Omit<GenerateRequest, "signal"> = { messages, sampling, topLogprobs };
  if (body.max_output_tokens != null) request.maxTokens = body.max_output_tokens;
  if (body.logprobs_mode !== undefined) request.logprobsMode = body.logprobs_mode;
  if (format !== undefined) request.responseFormat = format;
  return {
    request,
    logprobs,
    topLogprobs,
    echo: {
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      temperature: sampling.temperature ?? 1,
      top_p: body.top_p ?? 1,
      top_logprobs: topLogprobs,
      format,
      metadata: body.metadata ?? {},
      user: body.user ?? null,
    },
  };
}
