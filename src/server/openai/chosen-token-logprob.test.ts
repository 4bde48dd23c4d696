import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../../core/types.js";
import { withChosenLogprob } from "./chosen-token-logprob.js";

const token: TokenLogprob = {
  token: " a",
  bytes: [32, 97],
  id: 7,
  logprob: -0.0121,
  top: [
    { token: " a", id: 7, logprob: -0.01209999 },
    { token: " the", id: 9, logprob: -4.5 },
  ],
};

describe("withChosenLogprob", () => {
  it("gives the chosen token's alternative exactly the token's logprob, others unchanged", () => {
    const fixed = withChosenLogprob(token);
    expect(fixed.top[0]!.logprob).toBe(-0.0121);
    expect(fixed.top[1]!.logprob).toBe(-4.5);
    expect(token.top[0]!.logprob).toBe(-0.01209999);
  });

  it("matches by id when both have one (same text, other id is another token), else by text", () => {
    const other = withChosenLogprob({ ...token, top: [{ token: " a", id: 8, logprob: -0.5 }] });
    expect(other.top[0]!.logprob).toBe(-0.5);
    const { id: _id, ...withoutId } = token;
    const noIds = withChosenLogprob({
      ...withoutId,
      top: [{ token: " a", logprob: -0.5 }],
    } as TokenLogprob);
    expect(noIds.top[0]!.logprob).toBe(-0.0121);
  });

  it("trims to k alternatives and leaves an unknown (null) logprob alone", () => {
    expect(withChosenLogprob(token, 1).top).toHaveLength(1);
    expect(withChosenLogprob({ ...token, logprob: null }).top[0]!.logprob).toBe(-0.01209999);
  });
});
