/**
 * The fallback evaluator hands node-llama-cpp at most QUERIES_PER_CALL queried positions at a
 * time (each comes back as a vocabulary-sized Map): the pieces cover every index once, in order.
 */
import { describe, expect, it } from "vitest";
import { piecesWithQueriesAtMost } from "./llama-evaluator.js";
import type { PositionQuery } from "./position-stats.js";

const q: PositionQuery = { topK: 1 };

describe("piecesWithQueriesAtMost", () => {
  it("cuts before the query that would exceed the limit", () => {
    const queries = [undefined, q, q, undefined, q, q, q, undefined];
    expect(piecesWithQueriesAtMost(queries, 2)).toEqual([
      [0, 4],
      [4, 6],
      [6, 8],
    ]);
  });

  it("keeps a piece without queries whole, and one piece for an empty list", () => {
    expect(piecesWithQueriesAtMost([undefined, undefined, undefined], 8)).toEqual([[0, 3]]);
    expect(piecesWithQueriesAtMost([], 8)).toEqual([[0, 0]]);
  });

  it("covers every index once with at most the limit of queries per piece", () => {
    const queries = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? undefined : q));
    const pieces = piecesWithQueriesAtMost(queries, 8);
    let next = 0;
    for (const [start, end] of pieces) {
      expect(start).toBe(next);
      expect(queries.slice(start, end).filter(Boolean).length).toBeLessThanOrEqual(8);
      next = end;
    }
    expect(next).toBe(1000);
  });
});
