/**
 * Turns a validated `/generate` body into one model request. SGLang's defaults apply where the
 * request sets none (SamplingParams: temperature 1.0, top_p 1.0, top_k -1, max_new_tokens 128, shortened to the context size).
 * Logprobs are the model's raw distribution (log-softmax of the logits), as SGLang reports them for
 * greedy decoding and, at any temperature, with SGLANG_RETURN_ORIGINAL_LOGPROB=1; SGLang's default
 * for sampled decoding scales by the temperature first.
 */
import type { GenerateRequest, LogprobModel } from "../../core/model.js";
import { checkMaxTokensFitContext, checkTopLogprobs } from "../openai/capability-checks.js";
import { toSamplingSettings } from "../schemas/sampling-fields.js";
import { SGLANG_DEFAULT_MAX_NEW_TOKENS, type SglangGenerateRequest } from "./generate-request.js";

/** One SGLang generation and how to present it. */
export interface SglangPlan {
  request: Omit<GenerateRequest, "signal">;
  returnLogprob: boolean;
  /** First prompt position with logprobs, or null for none. */
  logprobStart: number | null;
  topLogprobs: number;
  returnText: boolean;
  extensions: boolean;
  stop: string[];
}

/** Builds the plan for `prompt` (the request's prompt as text). */
export function planSglangGenerate(
  body: SglangGenerateRequest,
  model: LogprobModel,
  prompt: string,
): SglangPlan {
  const sampling = body.sampling_params ?? { stop: [] };
  const returnLogprob = body.return_logprob === true;
  const topLogprobs = returnLogprob ? (body.top_logprobs_num ?? 0) : 0;
  checkTopLogprobs(model, "top_logprobs_num", topLogprobs);
  const start = body.logprob_start_len ?? -1;
  const logprobStart = returnLogprob && start >= 0 ? start : null;
  // SGLang's scheduler shortens max_new_tokens to what the context holds; an explicit value larger
  // than the whole context is refused here instead.
  const asked = sampling.max_new_tokens ?? undefined;
  checkMaxTokensFitContext(model, "sampling_params.max_new_tokens", asked);
  const maxTokens =
    asked ?? Math.min(SGLANG_DEFAULT_MAX_NEW_TOKENS, model.contextSize ?? SGLANG_DEFAULT_MAX_NEW_TOKENS);
  const request: Omit<GenerateRequest, "signal"> = {
    prompt,
    maxTokens,
    stop: sampling.stop,
    sampling: toSamplingSettings(sampling, 1),
    topLogprobs,
  };
  if (logprobStart !== null) request.echo = true;
  return {
    request,
    returnLogprob,
    logprobStart,
    topLogprobs,
    returnText: body.return_text_in_logprobs === true,
    extensions: body.logprobe_extensions === true,
    stop: sampling.stop,
  };
}
