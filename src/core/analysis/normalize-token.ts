import { InvalidLogprobDataError } from "../errors.js";
import type { TokenLogprob, TopAlternative } from "../types.js";
import { knownLogprob, LOGPROB_ROUNDING_TOLERANCE } from "./known-logprob.js";

/** Options of {@link normalizeToken} and {@link normalizeSequence}. */
export interface NormalizeOptions {
  /** Largest positive logprob (nats) taken as rounding of 0; default {@link LOGPROB_ROUNDING_TOLERANCE}. */
  tolerance?: number;
}

/**
 * Checks one token record and brings it to logprobe's invariants, without mutating the input.
 *
 * Rules (each value is read with {@link knownLogprob}):
 * - `logprob`: `NaN`, `+Infinity` or > tolerance is rejected; tiny positive values become 0;
 *   `-9999` (OpenAI's "below the top 20" placeholder) and `-Infinity` become `null` (unknown).
 * - `top`: each alternative's logprob follows the same rules; alternatives whose logprob is
 *   unknown (`null`, `-9999`, `-Infinity`) are dropped, since they carry no usable number. The rest
 *   are sorted from most to least probable (stable: ties keep their order). Duplicates (the same
 *   `id`, or, when either lacks an id, the same text and, where both are known, the same bytes)
 *   are merged by keeping the most probable report: a repeated report of one token is not two
 *   tokens, so the probabilities are not added.
 * - `bytes` (and each alternative's `bytes`): integers 0..255; `id`: an integer >= 0;
 *   `rank`: an integer >= 1; `textOffset`: an integer >= 0.
 * - `entropy`: `NaN`, infinite or below -tolerance is rejected; tiny negative values become 0.
 *
 * Cost: O(k log k) for k alternatives (duplicates found through a hash map); allocates a new token
 * and a new `top` array.
 *
 * @param token the token record as received
 * @param position its index in the sequence, named in errors
 * @returns a new, normalised token record
 * @throws {InvalidLogprobDataError} naming the position and the field (e.g. `top[3].logprob`)
 */
export function normalizeToken(
  token: TokenLogprob,
  position: number,
  options: NormalizeOptions = {},
): TokenLogprob {
  const tolerance = options.tolerance ?? LOGPROB_ROUNDING_TOLERANCE;
  if (typeof token !== "object" || token === null) {
    throw new InvalidLogprobDataError(position, "token", "expected a token record");
  }
  if (typeof token.token !== "string") {
    throw new InvalidLogprobDataError(position, "token", `expected a string, got ${typeof token.token}`);
  }
  const result: TokenLogprob = {
    token: token.token,
    bytes: checkBytes(token.bytes, position, "bytes"),
    logprob: knownLogprob(token.logprob, position, "logprob", tolerance),
    top: normalizeTop(token.top, position, tolerance),
  };
  if (token.id !== undefined) result.id = checkInteger(token.id, 0, position, "id");
  if (token.entropy !== undefined) result.entropy = checkEntropy(token.entropy, position, tolerance);
  if (token.rank !== undefined) result.rank = checkInteger(token.rank, 1, position, "rank");
  if (token.textOffset !== undefined)
    result.textOffset = checkInteger(token.textOffset, 0, position, "textOffset");
  if (token.prompt !== undefined) result.prompt = token.prompt;
  return result;
}

function normalizeTop(top: unknown, position: number, tolerance: number): TopAlternative[] {
  if (top === undefined || top === null) return [];
  if (!Array.isArray(top)) throw new InvalidLogprobDataError(position, "top", "expected an array");
  const kept: TopAlternative[] = [];
  for (let index = 0; index < top.length; index++) {
    const field = `top[${index}]`;
    const alternative = top[index] as TopAlternative;
    if (typeof alternative !== "object" || alternative === null || typeof alternative.token !== "string") {
      throw new InvalidLogprobDataError(
        position,
        `${field}.token`,
        "expected an alternative with a string token",
      );
    }
    const logprob = knownLogprob(alternative.logprob, position, `${field}.logprob`, tolerance);
    if (logprob === null) continue;
    const copy: TopAlternative = { token: alternative.token, logprob };
    if (alternative.bytes !== undefined)
      copy.bytes = checkBytes(alternative.bytes, position, `${field}.bytes`);
    if (alternative.id !== undefined) copy.id = checkInteger(alternative.id, 0, position, `${field}.id`);
    kept.push(copy);
  }
  kept.sort((a, b) => b.logprob - a.logprob);
  const unique: TopAlternative[] = [];
  const seenIds = new Set<number>();
  const byText = new Map<string, TopAlternative[]>();
  for (const alternative of kept) {
    if (alternative.id !== undefined && seenIds.has(alternative.id)) continue;
    const sameText = byText.get(alternative.token);
    if (sameText?.some((other) => sameToken(other, alternative))) continue;
    if (alternative.id !== undefined) seenIds.add(alternative.id);
    if (sameText) sameText.push(alternative);
    else byText.set(alternative.token, [alternative]);
    unique.push(alternative);
  }
  return unique;
}

/** Same vocabulary entry: equal ids, or (when either lacks an id) equal text and compatible bytes. */
function sameToken(a: TopAlternative, b: TopAlternative): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  if (a.token !== b.token) return false;
  if (a.bytes === undefined || b.bytes === undefined) return true;
  return a.bytes.length === b.bytes.length && a.bytes.every((byte, index) => byte === b.bytes?.[index]);
}

function checkBytes(bytes: unknown, position: number, field: string): number[] {
  if (!Array.isArray(bytes)) throw new InvalidLogprobDataError(position, field, "expected an array of bytes");
  for (let index = 0; index < bytes.length; index++) {
    const byte: unknown = bytes[index];
    if (typeof byte !== "number" || !Number.isInteger(byte) || byte < 0 || byte > 255) {
      throw new InvalidLogprobDataError(
        position,
        `${field}[${index}]`,
        `${String(byte)} is not an integer 0..255`,
      );
    }
  }
  return bytes.slice() as number[];
}

function checkInteger(value: unknown, minimum: number, position: number, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new InvalidLogprobDataError(position, field, `${String(value)} is not an integer >= ${minimum}`);
  }
  return value;
}

function checkEntropy(value: unknown, position: number, tolerance: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < -tolerance) {
    throw new InvalidLogprobDataError(
      position,
      "entropy",
      `${String(value)} is not a finite entropy >= 0 (nats)`,
    );
  }
  return value < 0 ? 0 : value;
}
