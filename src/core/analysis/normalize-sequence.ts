import type { LogprobSequence } from "../types.js";
import { type NormalizeOptions, normalizeToken } from "./normalize-token.js";

/**
 * Checks every token of a sequence and brings it to logprobe's invariants (logprobs <= 0,
 * placeholders as `null`, alternatives sorted and de-duplicated); see {@link normalizeToken} for
 * the rules. The input is not mutated; provenance and text are carried over.
 *
 * Cost: O(sum_i k_i log k_i) over the alternatives of every token; allocates new token records.
 *
 * @param sequence the sequence as received from a backend or a file
 * @returns a new, normalised sequence
 * @throws {InvalidLogprobDataError} naming the first bad token's position and field
 */
export function normalizeSequence(
  sequence: LogprobSequence,
  options: NormalizeOptions = {},
): LogprobSequence {
  const tokens = sequence.tokens.map((token, position) => normalizeToken(token, position, options));
  const result: LogprobSequence = { tokens, provenance: sequence.provenance };
  if (sequence.text !== undefined) result.text = sequence.text;
  return result;
}
