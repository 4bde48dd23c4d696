import { describe, expect, it } from "vitest";
import { token } from "../test-support/fixtures.js";
import {
  formatRank,
  RANK_BUCKETS,
  rankBucket,
  rankColor,
  rankInfo,
  UNKNOWN_RANK_COLOR,
} from "./rank-buckets.js";

describe("rankInfo", () => {
  it("uses the rank the source reported", () => {
    expect(rankInfo({ ...token("a", 0.1), rank: 437 })).toEqual({ exact: 437 });
  });

  it("finds the token among its top alternatives by id (1-based)", () => {
    // Oracle: the list is [" there" .45, " upon" .25, " in" .2]; " upon" is second.
    expect(
      rankInfo(
        token(
          " upon",
          0.25,
          [
            [" there", 0.45, 1],
            [" upon", 0.25, 2],
            [" in", 0.2, 3],
          ],
          2,
        ),
      ),
    ).toEqual({
      exact: 2,
    });
  });

  it("gives tied tokens the same (competition) rank", () => {
    // Oracle: two alternatives at 0.3 after one at 0.4: both rank 2.
    expect(
      rankInfo(
        token(
          "b",
          0.3,
          [
            ["a", 0.4, 1],
            ["c", 0.3, 3],
            ["b", 0.3, 2],
          ],
          2,
        ),
      ),
    ).toEqual({ exact: 2 });
  });

  it("says 'at least k + 1' for a token missing from a list of k", () => {
    expect(
      rankInfo(
        token(
          "z",
          0.01,
          [
            ["a", 0.5, 1],
            ["b", 0.2, 2],
          ],
          9,
        ),
      ),
    ).toEqual({ atLeast: 3 });
  });

  it("knows nothing without a rank or alternatives", () => {
    expect(rankInfo(token("z", 0.01))).toBeUndefined();
  });
});

describe("GLTR buckets", () => {
  it("splits exact ranks at 10, 100 and 1000 (inclusive upper bounds)", () => {
    const name = (rank: number) => rankBucket({ exact: rank })?.name;
    expect([1, 10, 11, 100, 101, 1000, 1001, 50_000].map(name)).toEqual([
      "top-10",
      "top-10",
      "top-100",
      "top-100",
      "top-1000",
      "top-1000",
      "rest",
      "rest",
    ]);
  });

  it("places a lower bound only when it decides the bucket", () => {
    expect(rankBucket({ atLeast: 1001 })?.name).toBe("rest");
    expect(rankBucket({ atLeast: 6 })).toBeUndefined();
    expect(rankBucket(undefined)).toBeUndefined();
  });

  it("colours tokens by bucket and unknown ranks grey", () => {
    expect(rankColor({ ...token("a", 0.1), rank: 3 })).toBe(RANK_BUCKETS[0]?.color);
    expect(rankColor({ ...token("a", 0.1), rank: 250 })).toBe(RANK_BUCKETS[2]?.color);
    expect(rankColor(token("a", 0.1))).toBe(UNKNOWN_RANK_COLOR);
  });

  it("formats ranks for people", () => {
    expect(formatRank({ exact: 3 })).toBe("3");
    expect(formatRank({ atLeast: 6 })).toBe("> 5");
    expect(formatRank(undefined)).toBe("unknown");
  });
});
