/**
 * GLTR rank buckets (Gehrmann, Strobelt and Rush 2019, "GLTR: Statistical Detection and
 * Visualization of Generated Text"): each token's 1-based rank under the model's distribution
 * falls in one of four buckets, top 10 (green), top 100 (yellow), top 1000 (red) or beyond
 * (purple). Machine-generated text has most tokens in the top-10 bucket. Returned as counts and
 * fractions of the ranked tokens. Cost: O(n).
 */

/** Counts and fractions of tokens per GLTR bucket. */
export interface GltrBuckets {
  /** Tokens with a known rank. */
  count: number;
  /** Ranks 1-10, 11-100, 101-1000, above 1000. */
  counts: { top10: number; top100: number; top1000: number; rest: number };
  /** `counts / count` (0 each when count is 0). */
  fractions: { top10: number; top100: number; top1000: number; rest: number };
}

/** Bucket name of one 1-based rank. */
export function gltrBucketOf(rank: number): "top10" | "top100" | "top1000" | "rest" {
  if (rank <= 10) return "top10";
  if (rank <= 100) return "top100";
  if (rank <= 1000) return "top1000";
  return "rest";
}

/**
 * Buckets the ranks.
 * @param ranks 1-based ranks of the observed tokens (integers >= 1)
 * @throws {RangeError} naming the index of a rank that is not an integer >= 1
 */
export function gltrRankBuckets(ranks: readonly number[]): GltrBuckets {
  const counts = { top10: 0, top100: 0, top1000: 0, rest: 0 };
  ranks.forEach((rank, index) => {
    if (!Number.isInteger(rank) || rank < 1)
      throw new RangeError(`ranks[${index}] must be an integer >= 1 (got ${rank})`);
    counts[gltrBucketOf(rank)]++;
  });
  const count = ranks.length;
  const share = (value: number) => (count === 0 ? 0 : value / count);
  return {
    count,
    counts,
    fractions: {
      top10: share(counts.top10),
      top100: share(counts.top100),
      top1000: share(counts.top1000),
      rest: share(counts.rest),
    },
  };
}
