/** Turns a validated chat request into one model request per choice. */
import { UnsupportedError } from "../../core/errors.js";
import type { GenerateRequest, LogprobModel } from "../../core/model.js";
import type { ChatRequest } from "../schemas/chat-request.js";
import { toSamplingSettings } from "../schemas/sampling-fields.js";
import { checkPromptLogprobs } from "../vllm/check-prompt-logprobs.js";
import {
  checkLogprobsMode,
  checkMaxTokensFitContext,
  checkResponseFormat,
  checkTopLogprobs,
} from "./capability-checks.js";

/** The requests of a chat call and how to present them. */
export interface ChatPlan {
  requests: Omit<GenerateRequest, "signal">[];
  /** Whether choices carry `logprobs.content`. */
  logprobs: boolean;
  /** Alternatives per token. */
  topLogprobs: number;
  /** Alternatives per prompt token in vLLM's top-level `prompt_logprobs`, or null. */
  promptLogprobs: number | null;
  /** vLLM's `return_tokens_as_token_ids`. */
  tokenIds: boolean;
}

/**
 * Builds the plan. `max_completion_tokens` wins over the older `max_tokens`; without either, the
 * model's own default applies (it stops at the context's end). Throws when the model cannot chat.
 */
export function planChat(body: ChatRequest, model: LogprobModel): ChatPlan {
  if (!model.capabilities.chat) {
    throw new UnsupportedError("messages", `the model ${model.id} takes raw text only: use /v1/completions`);
  }
  const logprobs = body.logprobs === true;
  const topLogprobs = logprobs ? (body.top_logprobs ?? 0) : 0;
  checkTopLogprobs(model, "top_logprobs", topLogprobs);
  const promptLogprobs = body.prompt_logprobs ?? null;
  if (promptLogprobs !== null) checkPromptLogprobs(model, promptLogprobs, body.stream === true);
  if (body.logprobs_mode !== undefined) checkLogprobsMode(model, body.logprobs_mode);
  checkResponseFormat(model, "response_format", body.response_format);
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  checkMaxTokensFitContext(
    model,
    body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens",
    maxTokens,
  );
  const requests: Omit<GenerateRequest, "signal">[] = [];
  for (let j = 0; j < (body.n ?? 1); j++) {
    const request: Omit<GenerateRequest, "signal"> = {
      messages: body.messages,
      stop: body.stop,
      sampling: toSamplingSettings(body, 1, j),
      topLogprobs: Math.max(topLogprobs, promptLogprobs ?? 0),
    };
    if (promptLogprobs !== null) request.echo = true;
    if (maxTokens !== undefined) request.maxTokens = maxTokens;
    if (body.logprobs_mode !== undefined) request.logprobsMode = body.logprobs_mode;
    if (body.response_format !== undefined) request.responseFormat = body.response_format;
    requests.push(request);
  }
  return {
    requests,
    logprobs,
    topLogprobs,
    promptLogprobs,
    tokenIds: body.return_tokens_as_token_ids === true,
  };
}
