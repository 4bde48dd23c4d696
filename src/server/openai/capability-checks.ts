/** Checks of request fields against a model's {@link ModelCapabilities}. */
import { InvalidInputError } from "../../core/errors.js";
import type { LogprobModel, LogprobsMode } from "../../core/model.js";

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
