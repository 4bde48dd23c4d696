import { InvalidInputError } from "../errors.js";
import { margin as marginOf } from "../math/margin.js";
import type { TokenLogprob } from "../types.js";

/** Why a position is ambiguous. */
export type AmbiguityReason = "small-margin" | "high-entropy" | "small-margin-and-high-entropy";

/** A position where the model hesitated between alternatives. */
export interface AmbiguityPoint {
  /** Token index. */
  index: number;
  /** The chosen token's text. */
  token: string;
  /** Top-1 minus top-2 logprob (nats), when at least two alternatives are known. */
  margin?: number;
  /** Exact entropy at the position (nats), when the token carries one. */
  entropy?: number;
  reason: AmbiguityReason;
}

/** Default largest margin counted as ambiguous: ln 2 nats, i.e. top-1 less than twice as likely as top-2. */
export const DEFAULT_AMBIGUITY_MAX_MARGIN = Math.LN2;

/**
 * Finds positions where the model hesitated: a small margin between its two most probable
 * alternatives (`margin <= maxMargin`, margin = top-1 - top-2 logprob, see {@link marginOf}),
 * or a high exact entropy (`token.entropy >= minEntropy`).
 *
 * Rules: when neither option is given, `maxMargin` defaults to
 * {@link DEFAULT_AMBIGUITY_MAX_MARGIN} (ln 2) and entropy is not used; when either is given, only
 * the given criteria apply. Positions with fewer than two alternatives have no margin; positions
 * without `entropy` are not judged on entropy (top-k data only bounds it: see `entropyBounds`).
 *
 * Units: margin and entropy in nats. Cost: O(sum_i k_i) over the alternatives.
 *
 * @param tokens tokens of a sequence
 * @param options.maxMargin largest margin (nats, >= 0) counted as ambiguous
 * @param options.minEntropy smallest entropy (nats, >= 0) counted as ambiguous
 * @returns ambiguous positions in order
 * @throws {InvalidInputError} when an option is negative or not a number
 */
export function ambiguityPoints(
  tokens: readonly TokenLogprob[],
  options: { maxMargin?: number; minEntropy?: number } = {},
): AmbiguityPoint[] {
  const useDefault = options.maxMargin === undefined && options.minEntropy === undefined;
  const maxMargin = useDefault ? DEFAULT_AMBIGUITY_MAX_MARGIN : options.maxMargin;
  const minEntropy = options.minEntropy;
  for (const [field, value] of [
    ["maxMargin", maxMargin],
    ["minEntropy", minEntropy],
  ] as const) {
    if (value !== undefined && (typeof value !== "number" || Number.isNaN(value) || value < 0)) {
      throw new InvalidInputError(field, `${field} is ${value}`, "a number of nats >= 0");
    }
  }
  const points: AmbiguityPoint[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as TokenLogprob;
    const margin = maxMargin === undefined ? undefined : marginOf(token.top);
    const entropy = minEntropy === undefined || !Number.isFinite(token.entropy) ? undefined : token.entropy;
    const smallMargin = margin !== undefined && maxMargin !== undefined && margin <= maxMargin;
    const highEntropy = entropy !== undefined && minEntropy !== undefined && entropy >= minEntropy;
    if (!smallMargin && !highEntropy) continue;
    const point: AmbiguityPoint = {
      index,
      token: token.token,
      reason:
        smallMargin && highEntropy
          ? "small-margin-and-high-entropy"
          : smallMargin
            ? "small-margin"
            : "high-entropy",
    };
    if (margin !== undefined) point.margin = margin;
    if (entropy !== undefined) point.entropy = entropy;
    points.push(point);
  }
  return points;
}
