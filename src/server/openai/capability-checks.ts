/** Checks of request fields against a model's {@link ModelCapabilities}. */
import { ContextOverflowError, InvalidInputError, UnsupportedError } from "../../core/errors.js";
import type { LogprobModel, LogprobsMode, ResponseFormat } from "../../core/model.js";

/** Throws when `value` alternatives per token exceed what the model returns. */
export function checkTopLogprobs(model: LogprobModel, field: string, value: number): void {
  const max = model.capabilities.maxTopLogprobs;
  if (value > max) {
    throw new InvalidInputError(
      field,
      `the model ${model.id} returns at most ${max} alternatives per token`,
      `an integer from 0 to ${max}`,
    );
  }
}

/** Throws when the model cannot report logprobs under `mode`. */
export function checkLogprobsMode(model: LogprobModel, mode: LogprobsMode): void {
  const modes = model.capabilities.logprobsModes;
  if (!modes.includes(mode)) {
    throw new InvalidInputError(
      "logprobs_mode",
      `the model ${model.id} cannot report "${mode}" logprobs`,
      modes.map((known) => `"${known}"`).join(" or "),
    );
  }
}

/**
 * Throws {@link ContextOverflowError} (OpenAI's `context_length_exceeded`, naming `field`) when
 * `maxTokens` alone is more than the model's context holds, as for an oversized prompt. A model
 * that does not state its context size is not checked here.
 */
export function checkMaxTokensFitContext(
  model: LogprobModel,
  field: string,
  maxTokens: number | undefined,
): void {
  const contextSize = model.contextSize;
  if (maxTokens === undefined || contextSize === undefined || maxTokens <= contextSize) return;
  throw new ContextOverflowError(
    maxTokens,
    contextSize,
    `This model's maximum context length is ${contextSize} tokens, but ${field} asks for ${maxTokens} tokens to generate`,
    field,
  );
}

/**
 * Throws when the request asks for structured output (`field` names where: `response_format` or
 * `text.format`) and the model cannot constrain its decoding.
 */
export function checkResponseFormat(
  model: LogprobModel,
  field: string,
  format: ResponseFormat | undefined,
): void {
  if (format === undefined || model.capabilities.structuredOutput === true) return;
  throw new UnsupportedError(
    field,
    `the model ${model.id} cannot constrain its output to ${format.type === "json_object" ? "JSON" : "a JSON schema"} (constrained decoding needs the embedded engine): leave ${field} absent or {"type": "text"}`,
  );
}
