import { InvalidInputError } from "../core/errors.js";
import type { LogprobModel } from "../core/model.js";

/**
 * How many alternatives to ask the model for: one more than shown (the chosen token is among them
 * and not repeated in the table), at least 2 (ambiguity points need the top two), at most what
 * the backend returns.
 *
 * @throws {InvalidInputError} naming `--top` when the backend returns fewer than asked to show
 */
export function requestedTopLogprobs(top: number, model: Pick<LogprobModel, "capabilities">): number {
  const max = model.capabilities.maxTopLogprobs;
  if (top > max) {
    throw new InvalidInputError("--top", `must be an integer from 0 to ${max} for this model (got "${top}")`);
  }
  return Math.min(Math.max(top + 1, 2), max);
}
