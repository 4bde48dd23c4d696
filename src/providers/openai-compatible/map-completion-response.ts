/**
 * Maps an OpenAI(-compatible) legacy completion response to a {@link GenerateResult}; with `echo`,
 * the prompt's tokens are split off into `GenerateResult.prompt`.
 */
import type { GenerateResult, ModelWarning } from "../../core/model.js";
import type { Provenance } from "../../core/types.js";
import {
  completionLogprobsToTokens,
  fromOpenAICompletionLogprobs,
  OpenAICompletionResponseSchema,
  parseWithSchema,
} from "../../wire/index.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";
import { promptTokenCountOf, splitEchoedSequence } from "../shared/split-echoed-sequence.js";
import { isChatStyleCompletion, mapChatStyleCompletionResponse } from "./chat-style-completion.js";
import { emptySequence, mapOpenAIUsage, rawChoiceLogprobs } from "./map-chat-completion-response.js";

/**
 * @param value the parsed JSON response
 * @param context provenance, model asked for, warnings so far, and the prompt when `echo` was sent
 * @throws {InvalidInputError} naming the JSON path when the response does not match the schema
 */
export function mapCompletionResponse(
  value: unknown,
  context: {
    provenance: Provenance;
    model: string;
    warnings: ModelWarning[];
    echoedPrompt?: string;
    /** The `logprobs` (k) sent: a sampled token OpenAI lists as entry k+1 is dropped. */
    topLogprobs?: number;
  },
): GenerateResult {
  if (isChatStyleCompletion(value)) return mapChatStyleCompletionResponse(value, context);
  const response = parseWithSchema(OpenAICompletionResponseSchema, value);
  const choice = response.choices[0];
  if (!choice) throw new Error("unreachable: the schema requires one choice");
  const provenance: Provenance = {
    ...context.provenance,
    ...(response.model ? { model: response.model } : {}),
  };
  const warnings = [...context.warnings];
  const finishReason = mapFinishReason(choice.finish_reason, warnings);
  const echoedPrompt = context.echoedPrompt;
  const topLogprobsOption = context.topLogprobs !== undefined ? { topLogprobs: context.topLogprobs } : {};
  let text = choice.text;
  if (echoedPrompt !== undefined && text.startsWith(echoedPrompt)) text = text.slice(echoedPrompt.length);
  if (!choice.logprobs) {
    const sequence =
      choice.text === ""
        ? emptySequence(provenance)
        : fromOpenAICompletionLogprobs(rawChoiceLogprobs(value), {
            path: "choices[0].logprobs",
            provenance,
            ...topLogprobsOption,
          });
    return {
      text,
      sequence,
      finishReason,
      usage: mapOpenAIUsage(value, 0),
      warnings,
      model: response.model ?? context.model,
    };
  }
  const all = fromOpenAICompletionLogprobs(rawChoiceLogprobs(value), {
    path: "choices[0].logprobs",
    provenance,
    ...topLogprobsOption,
  });
  if (echoedPrompt === undefined) {
    return {
      text,
      sequence: { ...all, text },
      finishReason,
      usage: mapOpenAIUsage(value, all.tokens.length),
      warnings,
      model: response.model ?? context.model,
    };
  }
  const promptTokenCount = promptTokenCountOf(completionLogprobsToTokens(choice.logprobs), {
    prompt: echoedPrompt,
    generatedText: text,
    ...(response.usage?.prompt_tokens !== undefined
      ? { reportedPromptTokens: response.usage.prompt_tokens }
      : {}),
  });
  const { prompt, generated } = splitEchoedSequence(all, promptTokenCount);
  return {
    text,
    sequence: { ...generated, text },
    prompt,
    finishReason,
    usage: mapOpenAIUsage(value, generated.tokens.length),
    warnings,
    model: response.model ?? context.model,
  };
}
