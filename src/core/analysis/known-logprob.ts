import { InvalidLogprobDataError } from "../errors.js";

/** OpenAI's placeholder logprob for a token below its top 20: a marker, not a value. */
export const OPENAI_PLACEHOLDER_LOGPROB = -9999;

/**
 * Largest positive logprob accepted as rounding of 0 (nats). Providers computing log-softmax in
 * float32/float16 report tiny positive values for near-certain tokens; such values become 0.
 */
export const LOGPROB_ROUNDING_TOLERANCE = 1e-4;

/**
 * Reads one logprob under logprobe's robustness rules:
 * - `null`/`undefined` stay unknown (`null`);
 * - `-9999` ({@link OPENAI_PLACEHOLDER_LOGPROB}) and `-Infinity` are placeholders for "too small
 *   to report", so unknown (`null`), never numbers;
 * - `0 < value <= tolerance` is rounding and becomes `0`;
 * - `NaN`, `+Infinity`, a non-number or `value > tolerance` is rejected.
 *
 * Cost: O(1).
 *
 * @param value the reported logprob (nats)
 * @param position token index, for the error
 * @param field field name, for the error (e.g. `"logprob"`, `"top[2].logprob"`)
 * @param tolerance largest positive value treated as rounding (default {@link LOGPROB_ROUNDING_TOLERANCE})
 * @returns the logprob (nats, <= 0), or `null` when unknown
 * @throws {InvalidLogprobDataError} naming the position and field when the value is unusable
 */
export function knownLogprob(
  value: unknown,
  position: number,
  field: string,
  tolerance: number = LOGPROB_ROUNDING_TOLERANCE,
): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number") {
    throw new InvalidLogprobDataError(position, field, `expected a number <= 0 or null, got ${typeof value}`);
  }
  if (Number.isNaN(value)) throw new InvalidLogprobDataError(position, field, "NaN is not a logprob");
  if (value === OPENAI_PLACEHOLDER_LOGPROB || value === Number.NEGATIVE_INFINITY) return null;
  if (value > 0) {
    if (value <= tolerance) return 0;
    throw new InvalidLogprobDataError(
      position,
      field,
      `${value} is positive; a logprob must be <= 0 (values up to ${tolerance} are taken as rounding of 0)`,
    );
  }
  return value;
}
