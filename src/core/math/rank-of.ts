import type { TopAlternative } from "../types.js";

/** What identifies a token when looking it up among alternatives. */
export type TokenKey = string | { token: string; id?: number };

/**
 * 1-based rank of a token among the alternatives at a position: one plus the number of
 * alternatives with a strictly larger logprob (competition ranking, so tied tokens share a rank).
 * The alternatives need not be sorted.
 *
 * Matching: when both the key and an alternative carry a vocabulary `id`, ids are compared;
 * otherwise token texts are compared.
 *
 * Cost: O(k), no allocation.
 *
 * @param token token text, or a token record (`{token, id?}`, e.g. a {@link TokenLogprob})
 * @param top alternatives at the position
 * @returns the rank (1 = most probable), or `undefined` when the token is not among `top`
 */
export function rankOf(token: TokenKey, top: readonly TopAlternative[]): number | undefined {
  const text = typeof token === "string" ? token : token.token;
  const id = typeof token === "string" ? undefined : token.id;
  let found: TopAlternative | undefined;
  for (const alternative of top) {
    const same =
      id !== undefined && alternative.id !== undefined ? alternative.id === id : alternative.token === text;
    if (same && (found === undefined || alternative.logprob > found.logprob)) found = alternative;
  }
  if (found === undefined) return undefined;
  let rank = 1;
  for (const alternative of top) if (alternative.logprob > found.logprob) rank++;
  return rank;
}
