import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { TokenLogprob } from "../types.js";
import { ambiguityPoints } from "./ambiguity-points.js";

function token(text: string, top: number[], entropy?: number): TokenLogprob {
  const result: TokenLogprob = {
    token: text,
    bytes: [],
    logprob: Math.log(top[0] ?? 1),
    top: top.map((p, i) => ({ token: `${text}${i}`, logprob: Math.log(p) })),
  };
  if (entropy !== undefined) result.entropy = entropy;
  return result;
}

describe("ambiguityPoints", () => {
  const tokens = [
    token("a", [0.9, 0.05]), // margin ln 18 = 2.89
    token("b", [0.45, 0.4], 1.2), // margin ln(0.45/0.4) = 0.1178
    token("c", [0.7, 0.3], 2.5), // margin ln(7/3) = 0.8473
    token("d", [1]), // no margin
  ];

  it("uses margin <= ln 2 by default", () => {
    // hand computation: only b has p1/p2 < 2
    const points = ambiguityPoints(tokens);
    expect(points).toEqual([
      { index: 1, token: "b", margin: expect.closeTo(Math.log(0.45 / 0.4), 14), reason: "small-margin" },
    ]);
  });

  it("applies only the given criteria and combines reasons", () => {
    const byEntropy = ambiguityPoints(tokens, { minEntropy: 2 });
    expect(byEntropy).toEqual([{ index: 2, token: "c", entropy: 2.5, reason: "high-entropy" }]);
    // hand computation: margin(c) = ln(7/3) = 0.8473 <= 1 and entropy 2.5 >= 1
    const both = ambiguityPoints(tokens, { maxMargin: 1, minEntropy: 1 });
    expect(both.map((point) => [point.index, point.reason])).toEqual([
      [1, "small-margin-and-high-entropy"],
      [2, "small-margin-and-high-entropy"],
    ]);
    expect(both[1]?.margin).toBeCloseTo(Math.log(7 / 3), 14);
  });

  it("rejects negative options", () => {
    expect(() => ambiguityPoints(tokens, { maxMargin: -1 })).toThrow(InvalidInputError);
    expect(() => ambiguityPoints(tokens, { minEntropy: Number.NaN })).toThrow(/minEntropy/);
  });
});
