import { describe, expect, it } from "vitest";
import { margin } from "./margin.js";
import { rankOf } from "./rank-of.js";

describe("margin", () => {
  it("is top1 - top2 in nats", () => {
    // hand computation: ln 0.5 - ln 0.25 = ln 2
    expect(margin([{ logprob: Math.log(0.5) }, { logprob: Math.log(0.25) }])).toBeCloseTo(Math.LN2, 15);
  });

  it("matches top-5 logprobs measured with llama-server on stories260K", () => {
    // values measured with llama-server (shared/notes/peers.md): after "Once upon a time",
    // "," -0.03178 and " there" -3.5473, so the margin is 3.51552
    const top = [
      { token: " in", logprob: -8.1195 },
      { token: ",", logprob: -0.03178 },
      { token: " there", logprob: -3.5473 },
    ];
    expect(margin(top)).toBeCloseTo(3.51552, 12);
  });

  it("is 0 for a tie and undefined with fewer than two alternatives", () => {
    expect(margin([{ logprob: -1 }, { logprob: -1 }])).toBe(0);
    expect(margin([{ logprob: -1 }])).toBeUndefined();
    expect(margin([])).toBeUndefined();
  });
});

describe("rankOf", () => {
  const top = [
    { token: "b", logprob: -2, id: 2 },
    { token: "a", logprob: -1, id: 1 },
    { token: "c", logprob: -2, id: 3 },
    { token: "d", logprob: -3, id: 4 },
  ];

  it("counts the alternatives more probable than the token, 1-based", () => {
    expect(rankOf("a", top)).toBe(1);
    expect(rankOf("d", top)).toBe(4);
    // hand computation: ties share the rank (competition ranking): b and c are both 2
    expect(rankOf("b", top)).toBe(2);
    expect(rankOf("c", top)).toBe(2);
  });

  it("matches by id when both sides have one, else by text; undefined when absent", () => {
    expect(rankOf({ token: "renamed", id: 4 }, top)).toBe(4);
    expect(rankOf({ token: "a", id: 99 }, top)).toBeUndefined();
    expect(rankOf({ token: "c" }, top)).toBe(2);
    expect(rankOf("z", top)).toBeUndefined();
  });
});
