import { LOGPROB_ROUNDING_TOLERANCE } from "../analysis/known-logprob.js";
import { InvalidInputError } from "../errors.js";

/** Bounds on the entropy of a distribution of which only the top-k probabilities are known. */
export interface EntropyBounds {
  /** Smallest entropy (nats) any distribution consistent with the inputs can have. */
  lower: number;
  /** Largest entropy (nats); `Infinity` when the vocabulary size is unknown. */
  upper: number;
  /** Probability mass not covered by the known tokens, `max(0, 1 - sum_i p_i)`. */
  leftoverMass: number;
}

/** Known probabilities may sum above 1 by this much (provider rounding) before it is an error. */
export const ENTROPY_BOUNDS_MASS_TOLERANCE = 1e-3;

/**
 * Lower and upper bounds on the entropy of a distribution when only its top-k logprobs are known
 * (remote APIs), with the leftover mass `r = 1 - sum_{i<=k} p_i` spread over unknown tokens.
 *
 * Let `H_known = -sum_{i<=k} p_i ln p_i`, `c = min_i p_i` (the least probable listed token) and
 * `m = V - k` the number of unlisted tokens (V = `vocabularySize`). The entropy is
 * `H = H_known + U` with `U = -sum_j q_j ln q_j` over the unlisted tokens, `sum_j q_j = r`.
 *
 * - **Lower bound** (premise: the list is the top-k, so every `q_j <= c`): pack the leftover into as
 *   few tokens as allowed: `n = floor(r / c)` tokens of probability `c` and one of `rho = r - n*c`:
 *   `U_min = -n c ln c - rho ln rho`.
 * - **Upper bound** (premise: at most `m` unlisted tokens): spread the leftover evenly:
 *   `U_max = -r ln(r / m) = r ln(m / r)`. Without `vocabularySize` there is no finite bound
 *   (`U -> Infinity` as the mass spreads over ever more tokens), so `upper` is `Infinity`.
 *
 * Proof: `U` is symmetric and concave in `q`, hence Schur-concave: if `q` majorizes `q'` then
 * `U(q) <= U(q')`. Among vectors with `sum q_j = r` and `0 <= q_j <= c`, the packed vector
 * `(c, ..., c, rho, 0, ...)` majorizes every other (its largest j entries are as large as the cap
 * and the sum allow, for every j), so it has the least `U`. Among vectors of length `m` with sum
 * `r`, the uniform vector `(r/m, ..., r/m)` is majorized by every other, so it has the greatest
 * `U`. When the inputs are consistent (`r <= m c`), the packed vector fits in `m` tokens and the
 * uniform one respects the cap, so each bound is attained and therefore tight.
 *
 * Rules: positive values up to `LOGPROB_ROUNDING_TOLERANCE` are rounding and count as 0; entries
 * whose probability is 0 (`-Infinity`, underflow) carry no mass and are ignored;
 * `r` is clamped at 0 when the probabilities sum slightly above 1 (rounding); when `m = 0` the
 * leftover is treated as rounding and `upper = lower = H_known`. With no known entries the cap
 * is 1, so `lower = 0` and `upper = ln V`. When `r > m c` the two premises contradict each other
 * (the list cannot be the top-k of V tokens, e.g. after rounding); `lower` is then lowered to
 * `upper` so that `lower <= upper` always holds.
 *
 * Units: input logprobs in nats (<= 0); bounds in nats. Order of the input does not matter.
 * Cost: O(k), no allocation.
 *
 * @param topLogprobs natural-log probabilities of the known (top-k) tokens
 * @param options.vocabularySize total number of tokens V (>= the number of known entries)
 * @throws {InvalidInputError} on NaN or positive logprobs (beyond rounding), probabilities summing above
 *   1 + {@link ENTROPY_BOUNDS_MASS_TOLERANCE}, or a vocabulary size that is not an integer >= k
 */
export function entropyBounds(
  topLogprobs: readonly number[],
  options: { vocabularySize?: number } = {},
): EntropyBounds {
  let knownEntropy = 0;
  let knownMass = 0;
  let knownCount = 0;
  let cap = 1;
  for (let index = 0; index < topLogprobs.length; index++) {
    let logprob = topLogprobs[index] as number;
    if (typeof logprob !== "number" || Number.isNaN(logprob) || logprob > LOGPROB_ROUNDING_TOLERANCE) {
      throw new InvalidInputError(
        `topLogprobs[${index}]`,
        `topLogprobs[${index}] is ${logprob}; a logprob must be a number <= 0`,
        `<= 0 (up to ${LOGPROB_ROUNDING_TOLERANCE} is taken as rounding of 0)`,
      );
    }
    if (logprob > 0) logprob = 0;
    const p = Math.exp(logprob);
    if (p === 0) continue;
    knownCount++;
    knownMass += p;
    knownEntropy -= p * logprob;
    if (p < cap) cap = p;
  }
  if (knownMass > 1 + ENTROPY_BOUNDS_MASS_TOLERANCE) {
    throw new InvalidInputError(
      "topLogprobs",
      `the probabilities of topLogprobs sum to ${knownMass}, more than 1`,
      `a total probability <= 1 (tolerance ${ENTROPY_BOUNDS_MASS_TOLERANCE})`,
    );
  }
  const vocabularySize = options.vocabularySize;
  if (vocabularySize !== undefined && (!Number.isInteger(vocabularySize) || vocabularySize < knownCount)) {
    throw new InvalidInputError(
      "vocabularySize",
      `vocabularySize is ${vocabularySize}; it must be an integer >= the ${knownCount} known tokens`,
      `an integer >= ${knownCount}`,
    );
  }
  const leftover = knownMass >= 1 ? 0 : 1 - knownMass;
  const unlisted = vocabularySize === undefined ? Number.POSITIVE_INFINITY : vocabularySize - knownCount;
  if (leftover === 0 || unlisted === 0) {
    return { lower: knownEntropy, upper: knownEntropy, leftoverMass: leftover };
  }
  const fullTokens = Math.floor(leftover / cap);
  const remainder = leftover - fullTokens * cap;
  let lowerUnknown = fullTokens > 0 ? -fullTokens * cap * Math.log(cap) : 0;
  if (remainder > 0) lowerUnknown -= remainder * Math.log(remainder);
  const upperUnknown = Number.isFinite(unlisted)
    ? leftover * Math.log(unlisted / leftover)
    : Number.POSITIVE_INFINITY;
  // Inconsistent premises (r > m c) can put the packed vector above the uniform one: keep lower <= upper.
  const upper = knownEntropy + upperUnknown;
  return { lower: Math.min(knownEntropy + lowerUnknown, upper), upper, leftoverMass: leftover };
}
