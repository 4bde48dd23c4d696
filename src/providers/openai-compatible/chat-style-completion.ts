/**
 * llama.cpp server's `/v1/completions` answers with chat-style logprobs
 * (`choices[].logprobs.content[]`) instead of OpenAI's legacy arrays. These helpers recognise that
 * dialect and map it: whole responses with src/wire's llama-server parser, stream chunks by
 * re-shaping them into chat chunks for the chat accumulator.
 */
import type { GenerateResult, ModelWarning } from "../../core/model.js";
import type { LogprobSequence, Provenance } from "../../core/types.js";
import { parseWithSchema } from "../../wire/index.js";
import {
  fromLlamaServerOpenAICompletionResponse,
  LlamaServerOpenAICompletionResponseSchema,
} from "../../wire/llama-server-openai-completion.js";
import { mapFinishReason } from "../shared/map-finish-reason.js";
import { unsupportedOption } from "../shared/provider-warnings.js";
import { emptySequence, mapOpenAIUsage } from "./map-chat-completion-response.js";

/** True when a completion response or chunk carries chat-style `logprobs.content`. */
export function isChatStyleCompletion(value: unknown): boolean {
  const choices = (value as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return false;
  const logprobs = (choices[0] as { logprobs?: unknown } | undefined)?.logprobs;
  return (
    typeof logprobs === "object" &&
    logprobs !== null &&
    Array.isArray((logprobs as { content?: unknown }).content)
  );
}

/** A chat-style completion chunk re-shaped as a `chat.completion.chunk` (text -> delta.content). */
export function toChatChunk(chunk: unknown): unknown {
  const record = chunk as {
    model?: unknown;
    choices?: { index?: unknown; text?: unknown; logprobs?: unknown; finish_reason?: unknown }[];
  };
  return {
    object: "chat.completion.chunk",
    ...(typeof record.model === "string" ? { model: record.model } : {}),
    choices: (record.choices ?? []).map((choice) => ({
      index: choice.index ?? 0,
      delta: { content: typeof choice.text === "string" ? choice.text : "" },
      logprobs: choice.logprobs ?? null,
      finish_reason: choice.finish_reason ?? null,
    })),
  };
}

/**
 * Maps a whole chat-style completion response. Such servers return no prompt logprobs, so an
 * `echo` request gets a warning and no `prompt`.
 *
 * @throws {InvalidInputError} naming the JSON path when the response does not match the schema
 */
export function mapChatStyleCompletionResponse(
  value: unknown,
  context: { provenance: Provenance; model: string; warnings: ModelWarning[]; echoedPrompt?: string },
): GenerateResult {
  const response = parseWithSchema(LlamaServerOpenAICompletionResponseSchema, value);
  const choice = response.choices[0];
  if (!choice) throw new Error("unreachable: the schema requires one choice");
  const provenance: Provenance = {
    ...context.provenance,
    ...(response.model ? { model: response.model } : {}),
  };
  const warnings = [...context.warnings];
  if (context.echoedPrompt !== undefined) {
    warnings.push(unsupportedOption("echo", "this server's /completions returns no prompt logprobs"));
  }
  const parsed: LogprobSequence =
    choice.logprobs || choice.text !== ""
      ? fromLlamaServerOpenAICompletionResponse(value)
      : emptySequence(provenance);
  let text = choice.text;
  if (
    context.echoedPrompt !== undefined &&
    text.startsWith(context.echoedPrompt) &&
    parsed.tokens.map((t) => t.token).join("") !== text
  ) {
    text = text.slice(context.echoedPrompt.length);
  }
  return {
    text,
    sequence: { tokens: parsed.tokens, text, provenance },
    finishReason: mapFinishReason(choice.finish_reason, warnings),
    usage: mapOpenAIUsage(value, parsed.tokens.length),
    warnings,
    model: response.model ?? context.model,
  };
}
