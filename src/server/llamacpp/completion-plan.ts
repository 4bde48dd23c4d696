/**
 * Turns a validated `/completion` body into one model request. llama.cpp's sampling defaults apply
 * where the request sets none (common/common.h, common_params_sampling: temperature 0.8, top_k 40,
 * top_p 0.95, min_p 0.05). Without `post_sampling_probs` the probabilities are the model's raw
 * distribution (llama.cpp's `populate_token_probs` softmaxes the logits); with it, the distribution
 * sampled from after the sampler chain ("processed"), as linear `prob`s.
 */
import type { GenerateRequest, LogprobModel } from "../../core/model.js";
import {
  checkLogprobsMode,
  checkMaxTokensFitContext,
  checkTopLogprobs,
} from "../openai/capability-checks.js";
import { toSamplingSettings } from "../schemas/sampling-fields.js";
import type { LlamaCppCompletionRequest } from "./completion-request.js";

/** llama.cpp's defaults for sampling fields a request leaves out. */
export const LLAMA_CPP_DEFAULT_SAMPLING = { temperature: 0.8, top_k: 40, top_p: 0.95, min_p: 0.05 } as const;

/** One `/completion` generation and how to present it. */
export interface LlamaCppCompletionPlan {
  prompt: string;
  request: Omit<GenerateRequest, "signal">;
  nProbs: number;
  postSampling: boolean;
  echo: boolean;
  returnTokens: boolean;
  extensions: boolean;
  stop: string[];
  /** The settings echoed in `generation_settings`. */
  settings: Record<string, unknown>;
}

/** Builds the plan for `prompt` (the request's prompt as text). */
export function planLlamaCppCompletion(
  body: LlamaCppCompletionRequest,
  model: LogprobModel,
  prompt: string,
): LlamaCppCompletionPlan {
  const nProbs = body.n_probs ?? 0;
  checkTopLogprobs(model, "n_probs", nProbs);
  const postSampling = body.post_sampling_probs === true;
  if (postSampling) checkLogprobsMode(model, "processed");
  const maxTokens = body.n_predict != null && body.n_predict >= 0 ? body.n_predict : undefined;
  checkMaxTokensFitContext(model, "n_predict", maxTokens);
  const fields = {
    top_k: body.top_k ?? LLAMA_CPP_DEFAULT_SAMPLING.top_k,
    top_p: body.top_p ?? LLAMA_CPP_DEFAULT_SAMPLING.top_p,
    min_p: body.min_p ?? LLAMA_CPP_DEFAULT_SAMPLING.min_p,
    typical_p: body.typical_p,
    temperature: body.temperature,
    seed: body.seed != null && body.seed >= 0 ? body.seed : undefined,
  };
  const sampling = toSamplingSettings(fields, LLAMA_CPP_DEFAULT_SAMPLING.temperature);
  const echo = body.echo === true;
  const request: Omit<GenerateRequest, "signal"> = {
    prompt,
    stop: body.stop,
    sampling,
    topLogprobs: nProbs,
    logprobsMode: postSampling ? "processed" : "raw",
  };
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (echo) request.echo = true;
  return {
    prompt,
    request,
    nProbs,
    postSampling,
    echo,
    returnTokens: body.return_tokens === true,
    extensions: body.logprobe_extensions === true,
    stop: body.stop,
    settings: {
      n_predict: body.n_predict ?? -1,
      seed: sampling.seed ?? -1,
      temperature: sampling.temperature,
      top_k: sampling.topK ?? 0,
      top_p: sampling.topP ?? 1,
      min_p: sampling.minP ?? 0,
      typical_p: sampling.typicalP ?? 1,
      stream: body.stream === true,
      n_probs: nProbs,
      post_sampling_probs: postSampling,
      stop: body.stop,
    },
  };
}
