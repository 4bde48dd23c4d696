/**
 * Maps an OpenAI(-compatible) chat completion response to a {@link GenerateResult}: the text, the
 * per-token logprobs (parsed by src/wire), the finish reason and the token counts.
 */
import type { GenerateResult, ModelWarning, Usage } from "../../core/model.js";
import type { LogprobSequence, Provenance } from "../../core/types.js";
import {
  fromOpenAIChatLogprobs,
  OpenAIChatResponseSchema,
  OpenAIUsageSchema,
  parseWithSchema,
} from "../../wire/index.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";

/** Token counts from an OpenAI `usage` object (absent or malformed -> counted from the sequence). */
export function mapOpenAIUsage(value: unknown, generatedTokens: number): Usage {
  const usage =
    typeof value === "object" && value !== null && "usage" in value
      ? OpenAIUsageSchema.safeParse((value as { usage: unknown }).usage)
      : undefined;
  if (usage?.success) {
    return {
      promptTokens: usage.data.prompt_tokens,
      completionTokens: usage.data.completion_tokens ?? generatedTokens,
    };
  }
  return { promptTokens: 0, completionTokens: generatedTokens };
}

/**
 * The unparsed `choices[0].logprobs` of a response whose shape was already checked: the wire
 * parsers take the raw JSON (their schemas may transform it).
 */
export function rawChoiceLogprobs(value: unknown): unknown {
  const choices = (value as { choices?: unknown } | null)?.choices;
  const first = Array.isArray(choices) ? (choices[0] as { logprobs?: unknown } | undefined) : undefined;
  return first?.logprobs;
}

/** An empty sequence with the given provenance (a response with no generated token). */
export function emptySequence(provenance: Provenance): LogprobSequence {
  return { tokens: [], text: "", provenance };
}

/**
 * @param value the parsed JSON response
 * @param context provenance to stamp, the model asked for, and warnings collected so far
 * @throws {InvalidInputError} naming the JSON path when the response does not match the schema
 */
export function mapChatCompletionResponse(
  value: unknown,
  context: { provenance: Provenance; model: string; warnings: ModelWarning[] },
): GenerateResult {
  const response = parseWithSchema(OpenAIChatResponseSchema, value);
  const choice = response.choices[0];
  if (!choice) throw new Error("unreachable: the schema requires one choice");
  const provenance: Provenance = {
    ...context.provenance,
    ...(response.model ? { model: response.model } : {}),
  };
  const text = choice.message?.content ?? "";
  const sequence =
    choice.logprobs || text !== ""
      ? fromOpenAIChatLogprobs(rawChoiceLogprobs(value), { path: "choices[0].logprobs", provenance })
      : emptySequence(provenance);
  const warnings = [...context.warnings];
  return {
    text: text || (sequence.text ?? ""),
    sequence: { ...sequence, text: text || (sequence.text ?? "") },
    finishReason: mapFinishReason(choice.finish_reason, warnings),
    usage: mapOpenAIUsage(value, sequence.tokens.length),
    warnings,
    model: response.model ?? context.model,
  };
}
