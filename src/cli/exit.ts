/** Maps errors to one-line messages and exit codes; used only at the CLI's top level. */
import {
  ApiCallError,
  CancelledError,
  InvalidInputError,
  InvalidLogprobDataError,
  LogprobeError,
  ModelLoadError,
} from "../core/errors.js";
import { flagForField } from "./flag-for-field.js";

/** Exit codes: 1 runtime failure, 2 bad input or usage, 3 model could not be loaded, 4 remote API failure, 130 cancelled. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InvalidInputError || error instanceof InvalidLogprobDataError) return 2;
  if (error instanceof ModelLoadError) return 3;
  if (error instanceof ApiCallError) return 4;
  if (error instanceof CancelledError) return 130;
  return 1;
}

/**
 * One line (no stack trace) describing the error. An `InvalidInputError` is shown as
 * `FLAG: message (allowed: ...)`, with a library field (`sampling.topK`) translated to the flag the
 * user typed (`--top-k`), the field not repeated at the start of the message, and the allowed
 * range left out when the message already states it.
 */
export function formatError(error: unknown): string {
  if (error instanceof InvalidInputError) {
    const name = flagForField(error.field) ?? error.field;
    let message = error.message;
    if (message.startsWith(error.field)) message = message.slice(error.field.length).replace(/^[:\s]+/, "");
    const allowed = error.allowed && !message.includes(error.allowed) ? ` (allowed: ${error.allowed})` : "";
    return `${name}: ${message}${allowed}`;
  }
  if (error instanceof LogprobeError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
