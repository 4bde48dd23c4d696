/**
 * Converts a {@link GenerateRequest} into an OpenAI chat completions body
 * (`POST /chat/completions` with `logprobs: true, top_logprobs: k`), for OpenAI itself or any
 * OpenAI-compatible server (vLLM, SGLang, TGI, llama.cpp server, LM Studio, Together, logprobe serve).
 */
import type { ChatMessage, GenerateRequest, ModelWarning } from "../../core/model.js";
import { limitTopLogprobs, unsupportedOption, warnUnsupportedSampling } from "../shared/provider-warnings.js";
import { samplerWarnings } from "../shared/sampler-warning.js";

/** Differences between OpenAI and the servers that copy its API. */
export interface OpenAIDialect {
  /** Provider name for warnings. */
  provider: string;
  /** Largest `top_logprobs` accepted. */
  maxTopLogprobs: number;
  /** OpenAI wants `max_completion_tokens`; most compatible servers read `max_tokens`. */
  maxTokensField: "max_tokens" | "max_completion_tokens";
  /** Whether to send the non-OpenAI sampling fields `top_k`, `min_p`, `typical_p`, `repetition_penalty`. */
  extendedSampling: boolean;
}

/** The chat messages to send: the request's messages, or its prompt as one user message (with a warning). */
export function messagesOf(
  request: GenerateRequest,
  provider: string,
  warnings: ModelWarning[],
): ChatMessage[] {
  if (request.messages) return request.messages;
  warnings.push(
    unsupportedOption(
      "prompt",
      `${provider} has no raw-text endpoint for this model: the prompt was sent as one user message, so the model's chat template applies`,
    ),
  );
  return [{ role: "user", content: request.prompt ?? "" }];
}

/** Adds the sampling fields shared by chat and legacy completions. Temperature defaults to 0 (greedy). */
export function addSamplingFields(
  body: Record<string, unknown>,
  request: GenerateRequest,
  dialect: OpenAIDialect,
  warnings: ModelWarning[],
): void {
  const sampling = request.sampling ?? {};
  body.temperature = sampling.temperature ?? 0;
  if (sampling.topP !== undefined) body.top_p = sampling.topP;
  if (sampling.seed !== undefined) body.seed = sampling.seed;
  if (dialect.extendedSampling) {
    if (sampling.topK !== undefined && sampling.topK > 0) body.top_k = sampling.topK;
    if (sampling.minP !== undefined) body.min_p = sampling.minP;
    if (sampling.typicalP !== undefined) body.typical_p = sampling.typicalP;
    if (sampling.repeatPenalty !== undefined) body.repetition_penalty = sampling.repeatPenalty;
  } else {
    warnUnsupportedSampling(sampling, ["temperature", "topP", "seed"], dialect.provider, warnings);
  }
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  if (request.logprobsMode === "processed") {
    warnings.push(
      unsupportedOption(
        "logprobsMode",
        `${dialect.provider} reports logprobs in the server's own mode; "processed" cannot be chosen per request`,
      ),
    );
  }
}

/**
 * The chat completions body and the warnings for options that cannot be sent. `echo` has no chat
 * equivalent and is dropped with a warning.
 */
export function convertToChatCompletionRequest(
  request: GenerateRequest,
  options: { model: string; dialect: OpenAIDialect; stream: boolean },
): { body: Record<string, unknown>; warnings: ModelWarning[] } {
  const warnings: ModelWarning[] = samplerWarnings(request);
  const { dialect } = options;
  const body: Record<string, unknown> = {
    model: options.model,
    messages: messagesOf(request, dialect.provider, warnings),
    logprobs: true,
    top_logprobs: limitTopLogprobs(request.topLogprobs, dialect.maxTopLogprobs, dialect.provider, warnings),
  };
  if (request.maxTokens !== undefined) body[dialect.maxTokensField] = request.maxTokens;
  addSamplingFields(body, request, dialect, warnings);
  if (request.echo) {
    warnings.push(
      unsupportedOption("echo", `${dialect.provider} chat completions cannot return prompt logprobs`),
    );
  }
  if (options.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return { body, warnings };
}
