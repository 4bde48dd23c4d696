/** Maps the web routes' body (`/v1/generate`, `/v1/branch`) to a core {@link GenerateRequest}. */

import { UnsupportedError } from "../core/errors.js";
import type { GenerateRequest, LogprobModel } from "../core/model.js";
import { checkLogprobsMode, checkMaxTokensFitContext, checkTopLogprobs } from "./openai/capability-checks.js";
import type { GenerateBody } from "./schemas/generate-request.js";
import { toSamplingSettings } from "./schemas/sampling-fields.js";

/**
 * The core request for `body`. Unlike the OpenAI routes, temperature defaults to 0 (greedy), so
 * that the UI's first view is reproducible. Throws when the model cannot take the prompt kind.
 */
export function toGenerateRequest(body: GenerateBody, model: LogprobModel): Omit<GenerateRequest, "signal"> {
  if (body.prompt !== undefined && !model.capabilities.textPrompt) {
    throw new UnsupportedError("prompt", `the model ${model.id} takes chat messages only`);
  }
  if (body.messages !== undefined && !model.capabilities.chat) {
    throw new UnsupportedError("messages", `the model ${model.id} takes raw text only`);
  }
  const topLogprobs = body.top_logprobs ?? 0;
  checkTopLogprobs(model, "top_logprobs", topLogprobs);
  if (body.logprobs_mode !== undefined) checkLogprobsMode(model, body.logprobs_mode);
  const request: Omit<GenerateRequest, "signal"> = {
    stop: body.stop,
    sampling: toSamplingSettings(body, 0),
    topLogprobs,
  };
  if (body.prompt !== undefined) request.prompt = body.prompt;
  if (body.messages !== undefined) request.messages = body.messages;
  checkMaxTokensFitContext(model, "max_tokens", body.max_tokens ?? undefined);
  if (body.max_tokens != null) request.maxTokens = body.max_tokens;
  if (body.logprobs_mode !== undefined) request.logprobsMode = body.logprobs_mode;
  return request;
}
