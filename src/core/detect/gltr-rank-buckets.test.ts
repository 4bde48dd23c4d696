import { describe, expect, it } from "vitest";
import { gltrRankBuckets } from "./gltr-rank-buckets.js";

describe("gltrRankBuckets", () => {
  it("counts ranks at the bucket edges by hand", () => {
    // 1, 10 -> top10; 11, 100 -> top100; 101, 1000 -> top1000; 1001, 50000 -> rest
    const buckets = gltrRankBuckets([1, 10, 11, 100, 101, 1000, 1001, 50000]);
    expect(buckets.counts).toEqual({ top10: 2, top100: 2, top1000: 2, rest: 2 });
    expect(buckets.fractions).toEqual({ top10: 0.25, top100: 0.25, top1000: 0.25, rest: 0.25 });
    expect(buckets.count).toBe(8);
  });

  it("gives fractions that sum to 1, zeros for no tokens, and rejects bad ranks", () => {
    const buckets = gltrRankBuckets([1, 1, 3, 40]);
    expect(buckets.fractions.top10).toBe(0.75);
    expect(buckets.fractions.top100).toBe(0.25);
    expect(gltrRankBuckets([]).fractions).toEqual({ top10: 0, top100: 0, top1000: 0, rest: 0 });
    expect(() => gltrRankBuckets([1, 0])).toThrow(/ranks\[1\]/);
  });
});
