import { describe, expect, it } from "vitest";
import { createRandom } from "./create-random.js";
import { descendingOrder, pickCandidates } from "./sampling-candidates.js";

/** Oracle: a plain comparison sort, descending by score, ties by index. */
function referenceOrder(scores: number[]): number[] {
  return scores
    .map((_, index) => index)
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

describe("descendingOrder", () => {
  it("matches a comparison sort on mixed signs, ties, -0 and -Infinity (radix path)", () => {
    const scores = [0.5, -2, 0, -0, 3.25, -2, Number.NEGATIVE_INFINITY, 1e-300, -1e300, 3.25, -1e-300, 7];
    expect(descendingOrder(scores)).toEqual(referenceOrder(scores));
  });

  it("matches a comparison sort on random logits, both for the heap and the radix path", () => {
    const random = createRandom(99);
    const scores = Array.from({ length: 5000 }, () => Math.round((random() - 0.5) * 4000) / 100);
    const reference = referenceOrder(scores);
    expect(descendingOrder(scores)).toEqual(reference);
    expect(descendingOrder(scores, 4000)).toEqual(reference.slice(0, 4000));
    expect(descendingOrder(scores, 30)).toEqual(reference.slice(0, 30));
    expect(descendingOrder(scores, 0)).toEqual([]);
  });
});

describe("pickCandidates", () => {
  it("renormalises the kept entries and divides by the temperature", () => {
    // hand computation: scores ln 3 and ln 1 kept -> probabilities 3/4, 1/4; at T = 0.5 -> 9/10, 1/10
    const candidates = { ids: [7, 8, 9], logprobs: [Math.log(3), 0, Number.NEGATIVE_INFINITY] };
    const kept = pickCandidates(candidates, [0, 1, 2]);
    expect(kept.ids).toEqual([7, 8]);
    expect(kept.logprobs.map(Math.exp)).toEqual([0.75, 0.25].map((p) => expect.closeTo(p, 15)));
    expect(pickCandidates(candidates, [0, 1], 0.5).logprobs.map(Math.exp)).toEqual(
      [0.9, 0.1].map((p) => expect.closeTo(p, 15)),
    );
  });
});
