import { describe, expect, it } from "vitest";
import { token } from "../test-support/fixtures.js";
import { entropyValue, tokenEntropy } from "./token-entropy.js";

describe("tokenEntropy", () => {
  it("prefers the exact entropy", () => {
    expect(tokenEntropy({ ...token("a", 0.5), entropy: 1.25 })).toEqual({ exact: 1.25 });
  });

  it("bounds it from below with the top-k list", () => {
    // Oracle: a complete list (0.5, 0.5) has leftover 0, so the bound is the entropy itself:
    // -2 * 0.5 ln 0.5 = ln 2 = 0.693147...
    const info = tokenEntropy(
      token("a", 0.5, [
        ["a", 0.5, 1],
        ["b", 0.5, 2],
      ]),
    );
    expect(info && "atLeast" in info ? info.atLeast : Number.NaN).toBeCloseTo(Math.LN2, 12);
    // Oracle: one listed token of 0.5 with 0.5 left over, packed into one token of 0.5: also ln 2.
    const partial = tokenEntropy(token("a", 0.5, [["a", 0.5, 1]]));
    expect(entropyValue(partial)).toBeCloseTo(Math.LN2, 12);
  });

  it("knows nothing without entropy or alternatives", () => {
    expect(tokenEntropy(token("a", 0.5))).toBeUndefined();
    expect(entropyValue(undefined)).toBeNull();
  });
});
