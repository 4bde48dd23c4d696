/**
 * The entropy to show for a token: the exact value when the source had the full distribution,
 * otherwise the lower bound that its top alternatives allow (core's `entropyBounds`).
 */
import type { TokenLogprob } from "../../../src/core/index.js";
import { entropyBounds } from "../../../src/core/index.js";

/** Exact entropy, a lower bound from the top-k list, or nothing known (all in nats). */
export type EntropyInfo = { exact: number } | { atLeast: number } | undefined;

/** What is known of the entropy (nats) at a token's position. Cost: O(k). */
export function tokenEntropy(token: TokenLogprob): EntropyInfo {
  if (token.entropy !== undefined && Number.isFinite(token.entropy)) return { exact: token.entropy };
  if (token.top.length === 0) return undefined;
  try {
    return { atLeast: entropyBounds(token.top.map((alternative) => alternative.logprob)).lower };
  } catch {
    return undefined;
  }
}

/** A single number for charts: the exact entropy, else the lower bound, else `null`. */
export function entropyValue(info: EntropyInfo): number | null {
  if (info === undefined) return null;
  return "exact" in info ? info.exact : info.atLeast;
}
