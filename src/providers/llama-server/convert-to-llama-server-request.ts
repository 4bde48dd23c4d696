/**
 * Converts a {@link GenerateRequest} into a body for llama.cpp server's native `POST /completion`
 * (`n_probs: k`, `post_sampling_probs` for the processed distribution). llama-server's own sampling
 * defaults (top_k 40, top_p 0.95, min_p 0.05, temperature 0.8) are overridden with the neutral
 * values, so an absent setting means "disabled" as everywhere else in logprobe.
 */
import type { GenerateRequest, ModelWarning } from "../../core/model.js";
import { limitTopLogprobs } from "../shared/provider-warnings.js";
import { samplerWarnings } from "../shared/sampler-warning.js";

/** Largest `n_probs` logprobe asks llama-server for (the server itself sets no limit). */
export const LLAMA_SERVER_MAX_TOP_LOGPROBS = 100;

/**
 * @param prompt the raw prompt (for messages: the text `/apply-template` returned)
 */
export function convertToLlamaServerRequest(
  request: GenerateRequest,
  options: { prompt: string; stream: boolean },
): { body: Record<string, unknown>; warnings: ModelWarning[] } {
  const warnings: ModelWarning[] = samplerWarnings(request);
  const sampling = request.sampling ?? {};
  const body: Record<string, unknown> = {
    prompt: options.prompt,
    n_predict: request.maxTokens ?? -1,
    // n_probs 0 returns no probabilities at all; 1 still gives the chosen token's logprob.
    n_probs: Math.max(
      1,
      limitTopLogprobs(request.topLogprobs, LLAMA_SERVER_MAX_TOP_LOGPROBS, "llama-server", warnings),
    ),
    post_sampling_probs: request.logprobsMode === "processed",
    temperature: sampling.temperature ?? 0,
    top_k: sampling.topK ?? 0,
    top_p: sampling.topP ?? 1,
    min_p: sampling.minP ?? 0,
    typical_p: sampling.typicalP ?? 1,
    repeat_penalty: sampling.repeatPenalty ?? 1,
    cache_prompt: true,
    stream: options.stream,
  };
  if (sampling.seed !== undefined) body.seed = sampling.seed;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  return { body, warnings };
}
