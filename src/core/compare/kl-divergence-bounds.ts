/**
 * Bounds on `KL(P || Q)` when only part of each distribution is known: the top-k logprobs a remote
 * API returns (plus, usually, the logprob of the token actually there).
 *
 * Derivation. Let A be the tokens whose probability is known under both P and Q, B the tokens
 * known under P only, and R the rest (known under neither). Write `p_X`, `q_X` for the total
 * probability of a set X; `p_B` is known, and `p_rest = 1 - sum_A p_i - p_B`,
 * `q_out = 1 - sum_A q_i` (Q's mass outside A, shared by B and R).
 *
 * Lower bound (log-sum inequality): merging tokens into groups can only lower KL, so with the
 * groups {each token of A}, B and R,
 *   `KL >= sum_A p_i ln(p_i / q_i) + p_B ln(p_B / q_B) + p_rest ln(p_rest / (q_out - q_B))`
 * for the true, unknown `q_B`. The right side is convex in `q_B`; its minimum over the values
 * `q_B` can take, `0 <= q_B <= min(q_out, |B| * qCap)` (every token missing from Q's top-k list is
 * at most as probable as the list's last entry, `qCap`), is the bound: at the unconstrained
 * minimiser `q_B = q_out * p_B / (p_B + p_rest)` when that is allowed, else at the cap. Without a
 * cap (a list that is not a top-k), only `q_B <= q_out` is used.
 *
 * Upper bound: no finite one exists in general. Q may put arbitrarily little probability on a token
 * of B or R that P gives mass to, and `p ln(p / q)` grows without limit as `q -> 0`. The upper
 * bound is finite only when P is fully known on tokens that Q also knows (B empty and `p_rest` = 0):
 * then KL is known exactly and both bounds equal it.
 *
 * Units: nats. Masses below 1e-9 (float rounding of lists that cover the whole distribution) count
 * as 0. Cost: O(k) for lists of k entries.
 */

/** What is known of one distribution at one position: token key (id or text) -> logprob. */
export type KnownLogprobs = ReadonlyMap<string | number, number>;

/** Bounds on one position's KL divergence (see the module comment). */
export interface KlDivergenceBounds {
  /** Largest value KL(P || Q) is proven to be at least (nats, >= 0). */
  lower: number;
  /** Smallest value KL is proven to be at most; `Infinity` when nothing finite is proven. */
  upper: number;
  /** True when the two bounds meet (both distributions known where P has mass). */
  exact: boolean;
}

const NEGLIGIBLE_MASS = 1e-9;

/** `p ln(p / q)` with the limits 0 at p = 0 and Infinity at q = 0 < p. */
function term(p: number, q: number): number {
  if (p <= 0) return 0;
  if (q <= 0) return Number.POSITIVE_INFINITY;
  return p * Math.log(p / q);
}

/**
 * Bounds on `KL(P || Q)` from partial knowledge of P and Q.
 *
 * @param p the known logprobs of P (the reference), e.g. its top-k plus the observed token
 * @param q the known logprobs of Q
 * @param qCap logprob that every token absent from `q` is at most (the last entry of Q's top-k
 *   list when `q` is a complete top-k list); omit when unknown
 */
export function klDivergenceBounds(p: KnownLogprobs, q: KnownLogprobs, qCap?: number): KlDivergenceBounds {
  let known = 0;
  let qKnownBoth = 0;
  let pOnly = 0;
  let pOnlyCount = 0;
  let pListed = 0;
  for (const [key, pLogprob] of p) {
    const probability = Math.exp(pLogprob);
    pListed += probability;
    const qLogprob = q.get(key);
    if (qLogprob === undefined) {
      pOnly += probability;
      pOnlyCount++;
      continue;
    }
    known += term(probability, Math.exp(qLogprob));
    qKnownBoth += Math.exp(qLogprob);
  }
  const clean = (mass: number) => (mass < NEGLIGIBLE_MASS ? 0 : Math.min(1, mass));
  const pRest = clean(1 - pListed);
  const pB = clean(pOnly);
  const qOut = clean(1 - qKnownBoth);
  const cap = qCap === undefined ? qOut : Math.min(qOut, pOnlyCount * Math.exp(qCap));
  const pOut = pB + pRest;
  let lower = known;
  if (pOut > 0) {
    const free = (qOut * pB) / pOut;
    const qB = pB === 0 ? 0 : Math.min(free, cap);
    lower += term(pB, qB) + term(pRest, qOut - qB);
  }
  const exact = pOut === 0;
  const bounded = Math.max(0, lower);
  return { lower: bounded, upper: exact ? bounded : Number.POSITIVE_INFINITY, exact };
}
