/**
 * GLTR-style rank buckets (Gehrmann, Strobelt, Rush 2019): a token is coloured by where it ranked
 * in the model's distribution: top 10, top 100, top 1000, or further down. Machine text sits mostly
 * in the top 10; human text reaches into the lower buckets.
 */
import type { TokenLogprob } from "../../../src/core/index.js";
import { rankOf } from "../../../src/core/index.js";

/** Bucket names, most expected first; "unknown" when the rank cannot be told from the data. */
export type RankBucketName = "top-10" | "top-100" | "top-1000" | "rest" | "unknown";

/** A bucket with its inclusive upper rank, colour and legend label. */
export interface RankBucket {
  name: RankBucketName;
  /** Largest 1-based rank in the bucket (Infinity for "rest"). */
  maxRank: number;
  color: string;
  label: string;
}

/** The four GLTR buckets (green, yellow, red, violet as in GLTR, lightened for text contrast). */
export const RANK_BUCKETS: readonly RankBucket[] = [
  { name: "top-10", maxRank: 10, color: "#a7e3b5", label: "top 10" },
  { name: "top-100", maxRank: 100, color: "#fde68a", label: "top 100" },
  { name: "top-1000", maxRank: 1000, color: "#f8a5a5", label: "top 1000" },
  { name: "rest", maxRank: Number.POSITIVE_INFINITY, color: "#d8c5f5", label: "rest" },
];

/** Colour of tokens whose rank is unknown. */
export const UNKNOWN_RANK_COLOR = "#e5e7eb";

/** What is known about a token's rank: the exact rank, or only a lower bound. */
export type RankInfo = { exact: number } | { atLeast: number } | undefined;

/**
 * What is known of the 1-based rank of a token at its position: `token.rank` when the source
 * reported it (full distribution); else its competition rank among the top alternatives (core's
 * `rankOf`); else, when it is missing from a non-empty top list, "at least top.length + 1".
 * `undefined` when nothing is known. Cost: O(k) for k alternatives.
 */
export function rankInfo(token: TokenLogprob): RankInfo {
  if (token.rank !== undefined) return { exact: token.rank };
  if (token.top.length === 0) return undefined;
  const rank = rankOf(token, token.top);
  return rank === undefined ? { atLeast: token.top.length + 1 } : { exact: rank };
}

/**
 * The GLTR bucket of a rank: exact ranks fall in the first bucket whose `maxRank` holds them; a
 * lower bound gives "rest" when it is past 1000 and "unknown" otherwise (it could be any bucket).
 */
export function rankBucket(rank: RankInfo): RankBucket | undefined {
  if (rank === undefined) return undefined;
  if ("exact" in rank) return RANK_BUCKETS.find((bucket) => rank.exact <= bucket.maxRank);
  const last = RANK_BUCKETS[RANK_BUCKETS.length - 1];
  return rank.atLeast > 1000 ? last : undefined;
}

/** Background colour of a token in the rank view. */
export function rankColor(token: TokenLogprob): string {
  return rankBucket(rankInfo(token))?.color ?? UNKNOWN_RANK_COLOR;
}

/** Human text for a rank: "3", "> 20", or "unknown". */
export function formatRank(rank: RankInfo): string {
  if (rank === undefined) return "unknown";
  if ("exact" in rank) return String(rank.exact);
  return `> ${rank.atLeast - 1}`;
}
