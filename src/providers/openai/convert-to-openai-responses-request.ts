/**
 * Converts a {@link GenerateRequest} into an OpenAI Responses API body (`POST /responses` with
 * `include: ["message.output_text.logprobs"]` and `top_logprobs: k`).
 */
import type { GenerateRequest, ModelWarning } from "../../core/model.js";
import { messagesOf } from "../openai-compatible/convert-to-chat-completion-request.js";
import { limitTopLogprobs, unsupportedOption, warnUnsupportedSampling } from "../shared/provider-warnings.js";
import { samplerWarnings } from "../shared/sampler-warning.js";

/** The Responses API's smallest `max_output_tokens`. */
export const OPENAI_RESPONSES_MIN_OUTPUT_TOKENS = 16;

/** The Responses API's largest `top_logprobs`. */
export const OPENAI_RESPONSES_MAX_TOP_LOGPROBS = 20;

/** The Responses body and warnings for options that cannot be sent (stop strings, echo, top-k...). */
export function convertToOpenAIResponsesRequest(
  request: GenerateRequest,
  options: { model: string; stream: boolean },
): { body: Record<string, unknown>; warnings: ModelWarning[] } {
  const provider = "openai (responses)";
  const warnings: ModelWarning[] = samplerWarnings(request);
  const sampling = request.sampling ?? {};
  const body: Record<string, unknown> = {
    model: options.model,
    input: messagesOf(request, provider, warnings).map((message) => ({
      role: message.role,
      content: message.content,
    })),
    include: ["message.output_text.logprobs"],
    top_logprobs: limitTopLogprobs(
      request.topLogprobs,
      OPENAI_RESPONSES_MAX_TOP_LOGPROBS,
      provider,
      warnings,
    ),
    temperature: sampling.temperature ?? 0,
    store: false,
  };
  if (sampling.topP !== undefined) body.top_p = sampling.topP;
  if (request.maxTokens !== undefined) {
    body.max_output_tokens = Math.max(OPENAI_RESPONSES_MIN_OUTPUT_TOKENS, request.maxTokens);
    if (request.maxTokens < OPENAI_RESPONSES_MIN_OUTPUT_TOKENS) {
      warnings.push(
        unsupportedOption(
          "maxTokens",
          `${provider} needs max_output_tokens >= ${OPENAI_RESPONSES_MIN_OUTPUT_TOKENS}; sent ${OPENAI_RESPONSES_MIN_OUTPUT_TOKENS}, so the output may be longer than ${request.maxTokens} tokens`,
        ),
      );
    }
  }
  warnUnsupportedSampling(sampling, ["temperature", "topP"], provider, warnings);
  if (request.stop && request.stop.length > 0) {
    warnings.push(unsupportedOption("stop", `${provider} has no stop strings; they were not sent`));
  }
  if (request.echo) warnings.push(unsupportedOption("echo", `${provider} cannot return prompt logprobs`));
  if (request.logprobsMode === "processed") {
    warnings.push(
      unsupportedOption("logprobsMode", `${provider} does not say which distribution its logprobs describe`),
    );
  }
  if (options.stream) body.stream = true;
  return { body, warnings };
}
