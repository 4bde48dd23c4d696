/**
 * Converts a {@link GenerateRequest} into a Gemini `generateContent` body with
 * `generationConfig.responseLogprobs: true` and `logprobs: k`. Gemini has no raw-text mode: a
 * prompt becomes one user turn (with a warning); system messages go to `systemInstruction`.
 */
import type { GenerateRequest, ModelWarning } from "../../core/model.js";
import { limitTopLogprobs, unsupportedOption, warnUnsupportedSampling } from "../shared/provider-warnings.js";
import { samplerWarnings } from "../shared/sampler-warning.js";

/** Gemini's largest `logprobs` (top candidates per step). */
export const GEMINI_MAX_TOP_LOGPROBS = 20;

/** The body, and warnings for options Gemini cannot honour. */
export function convertToGeminiRequest(request: GenerateRequest): {
  body: Record<string, unknown>;
  warnings: ModelWarning[];
} {
  const warnings: ModelWarning[] = samplerWarnings(request);
  const sampling = request.sampling ?? {};
  const contents: { role: "user" | "model"; parts: { text: string }[] }[] = [];
  const system: { text: string }[] = [];
  if (request.messages) {
    for (const message of request.messages) {
      if (message.role === "system") system.push({ text: message.content });
      else
        contents.push({
          role: message.role === "assistant" ? "model" : "user",
          parts: [{ text: message.content }],
        });
    }
  } else {
    warnings.push(
      unsupportedOption(
        "prompt",
        "gemini has no raw-text endpoint: the prompt was sent as one user turn, so the chat format applies",
      ),
    );
    contents.push({ role: "user", parts: [{ text: request.prompt ?? "" }] });
  }
  const topLogprobs = limitTopLogprobs(request.topLogprobs, GEMINI_MAX_TOP_LOGPROBS, "gemini", warnings);
  const generationConfig: Record<string, unknown> = {
    responseLogprobs: true,
    temperature: sampling.temperature ?? 0,
  };
  if (topLogprobs > 0) generationConfig.logprobs = topLogprobs;
  if (sampling.topP !== undefined) generationConfig.topP = sampling.topP;
  if (sampling.topK !== undefined && sampling.topK > 0) generationConfig.topK = sampling.topK;
  if (sampling.seed !== undefined) generationConfig.seed = sampling.seed;
  if (request.maxTokens !== undefined) generationConfig.maxOutputTokens = request.maxTokens;
  if (request.stop && request.stop.length > 0) generationConfig.stopSequences = request.stop;
  warnUnsupportedSampling(sampling, ["temperature", "topP", "topK", "seed"], "gemini", warnings);
  if (request.echo) warnings.push(unsupportedOption("echo", "gemini returns no prompt logprobs"));
  if (request.logprobsMode === "processed") {
    warnings.push(
      unsupportedOption("logprobsMode", "gemini does not say which distribution its logprobs describe"),
    );
  }
  const body: Record<string, unknown> = { contents, generationConfig };
  if (system.length > 0) body.systemInstruction = { parts: system };
  return { body, warnings };
}
