/**
 * Converts a {@link GenerateRequest} with a raw `prompt` into a legacy completions body
 * (`POST /completions` with `logprobs: k` and `echo`), and a {@link ScoreRequest} into the echo
 * scoring request (`max_tokens: 0, echo: true`) or vLLM's `prompt_logprobs` variant.
 */
import type { GenerateRequest, ModelWarning, ScoreRequest } from "../../core/model.js";
import { limitTopLogprobs, unsupportedOption } from "../shared/provider-warnings.js";
import { samplerWarnings } from "../shared/sampler-warning.js";
import { addSamplingFields, type OpenAIDialect } from "./convert-to-chat-completion-request.js";

/** Options of the legacy completions converters. */
export interface CompletionRequestOptions {
  model: string;
  dialect: OpenAIDialect;
  stream: boolean;
  /** Whether the server returns prompt logprobs with `echo` (OpenAI's older models, vLLM, logprobe). */
  echoSupported: boolean;
}

/** The legacy completions body for a prompt, and warnings for options that cannot be sent. */
export function convertToCompletionRequest(
  request: GenerateRequest,
  options: CompletionRequestOptions,
): { body: Record<string, unknown>; warnings: ModelWarning[] } {
  const warnings: ModelWarning[] = samplerWarnings(request);
  const { dialect } = options;
  const body: Record<string, unknown> = {
    model: options.model,
    prompt: request.prompt ?? "",
    logprobs: limitTopLogprobs(request.topLogprobs, dialect.maxTopLogprobs, dialect.provider, warnings),
  };
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  addSamplingFields(body, request, dialect, warnings);
  if (request.echo) {
    if (options.echoSupported) body.echo = true;
    else
      warnings.push(
        unsupportedOption("echo", `${dialect.provider} does not return prompt logprobs for this model`),
      );
  }
  if (options.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return { body, warnings };
}

/** How a compatible server is asked for the logprobs of a given text. */
export type ScoreMethod = "echo" | "prompt_logprobs";

/**
 * The body that scores `request.text`: `echo: true, max_tokens: 1, logprobs: k` (the OpenAI
 * convention; one token is generated because vLLM rejects `max_tokens: 0`, and it is split off
 * again by its text), or for vLLM `prompt_logprobs: k, max_tokens: 1` (vLLM's extension, which also
 * works where echo is rejected).
 */
export function convertToScoreRequest(
  request: ScoreRequest,
  options: { model: string; dialect: OpenAIDialect; method: ScoreMethod },
): { body: Record<string, unknown>; warnings: ModelWarning[] } {
  const warnings: ModelWarning[] = [];
  const topLogprobs = limitTopLogprobs(
    request.topLogprobs,
    options.dialect.maxTopLogprobs,
    options.dialect.provider,
    warnings,
  );
  if (request.windowSize !== undefined || request.stride !== undefined) {
    warnings.push(
      unsupportedOption(
        "windowSize",
        `${options.dialect.provider} scores the text in one request; windowing is the server's`,
      ),
    );
  }
  const body: Record<string, unknown> =
    options.method === "echo"
      ? {
          model: options.model,
          prompt: request.text,
          max_tokens: 1,
          echo: true,
          logprobs: topLogprobs,
          temperature: 0,
        }
      : {
          model: options.model,
          prompt: request.text,
          max_tokens: 1,
          prompt_logprobs: topLogprobs,
          return_token_ids: true,
          temperature: 0,
        };
  return { body, warnings };
}
