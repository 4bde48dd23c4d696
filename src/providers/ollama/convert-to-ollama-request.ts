/**
 * Converts a {@link GenerateRequest} into an Ollama body: `POST /api/generate` (raw prompt,
 * `raw: true` so no template is applied) or `POST /api/chat` (messages), with `logprobs: true` and
 * `top_logprobs: k`. Ollama's sampling defaults (temperature 0.8, top_k 40, top_p 0.9) are
 * overridden with neutral values, so an absent setting means "disabled".
 */
import type { GenerateRequest, ModelWarning } from "../../core/model.js";
import { limitTopLogprobs, unsupportedOption } from "../shared/provider-warnings.js";
import { samplerWarnings } from "../shared/sampler-warning.js";

/** Ollama's largest `top_logprobs`. */
export const OLLAMA_MAX_TOP_LOGPROBS = 20;

/** The endpoint path and body, and warnings for options Ollama cannot honour. */
export function convertToOllamaRequest(
  request: GenerateRequest,
  options: { model: string; stream: boolean },
): { path: "/api/generate" | "/api/chat"; body: Record<string, unknown>; warnings: ModelWarning[] } {
  const warnings: ModelWarning[] = samplerWarnings(request);
  const sampling = request.sampling ?? {};
  const modelOptions: Record<string, unknown> = {
    temperature: sampling.temperature ?? 0,
    top_k: sampling.topK ?? 0,
    top_p: sampling.topP ?? 1,
    min_p: sampling.minP ?? 0,
    typical_p: sampling.typicalP ?? 1,
    repeat_penalty: sampling.repeatPenalty ?? 1,
  };
  if (request.maxTokens !== undefined) modelOptions.num_predict = request.maxTokens;
  if (sampling.seed !== undefined) modelOptions.seed = sampling.seed;
  if (request.stop && request.stop.length > 0) modelOptions.stop = request.stop;
  if (request.echo) warnings.push(unsupportedOption("echo", "Ollama returns no prompt logprobs"));
  if (request.logprobsMode === "processed") {
    warnings.push(
      unsupportedOption("logprobsMode", "Ollama reports logprobs of the model's distribution only"),
    );
  }
  const common = {
    model: options.model,
    stream: options.stream,
    logprobs: true,
    top_logprobs: limitTopLogprobs(request.topLogprobs, OLLAMA_MAX_TOP_LOGPROBS, "ollama", warnings),
    options: modelOptions,
  };
  if (request.messages) {
    return { path: "/api/chat", body: { ...common, messages: request.messages }, warnings };
  }
  return { path: "/api/generate", body: { ...common, prompt: request.prompt ?? "", raw: true }, warnings };
}
