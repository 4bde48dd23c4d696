/** Typed errors shared by the response parsers. */
import { InvalidInputError } from "../core/errors.js";

/** Error for a choice index past the end of `choices`. */
export function invalidChoice(index: number, count: number): InvalidInputError {
  return new InvalidInputError(`choices[${index}]`, `there is no choice ${index}`, `0 to ${count - 1}`);
}

/** Error for a response that carries no logprobs where they should be. */
export function missingLogprobs(path: string): InvalidInputError {
  return new InvalidInputError(path, "is null or missing: the request did not ask for logprobs");
}
