/** Checks of request fields against a model's {@link ModelCapabilities}. */
import { InvalidInputError, UnsupportedError } from "../../core/errors.js";
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
