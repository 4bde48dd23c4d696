import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../../core/types.js";
import { rankCell, renderTokenTable } from "./table.js";

const hello: TokenLogprob = {
  token: "Hello",
  bytes: [72, 101, 108, 108, 111],
  logprob: -0.31725305,
  top: [
    { token: "Hello", logprob: -0.31725305 },
    { token: "Hi", logprob: -1.3190403 },
  ],
};

describe("renderTokenTable", () => {
  it("prints prob, logprob, rank and alternatives computed from the logprobs", () => {
    const table = renderTokenTable(
      [
        { token: "The", bytes: [84, 104, 101], logprob: null, top: [], prompt: true },
        hello,
        {
          token: "\u001b",
          bytes: [27],
          logprob: Math.log(0.5),
          top: [{ token: "x", logprob: Math.log(0.25) }],
        },
      ],
      { top: 3 },
    );
    // Hand computation: exp(-0.31725305) = 0.72817 -> "72.8%"; exp(-1.3190403) = 0.26739 -> "26.7%";
    // the escape character is shown JSON-escaped, never raw; it has p = 0.5 and is not among its one alternative (p = 0.25): rank ">1".
    expect(table.split("\n")).toEqual([
      " #  token      prob  logprob  rank  top alternatives",
      '1*  "The"         -        -     -',
      ' 2  "Hello"   72.8%  -0.3173     1  "Hi" 26.7%',
      ' 3  "\\u001b"  50.0%  -0.6931    >1  "x" 25.0%',
    ]);
  });

  it("leaves out the alternatives column for top 0 and prints nothing for no tokens", () => {
    expect(renderTokenTable([hello], { top: 0 }).split("\n")[0]).toBe("#  token     prob  logprob  rank");
    expect(renderTokenTable([], { top: 5 })).toBe("");
  });
});

describe("rankCell", () => {
  it("prefers the source's own rank, then the rank among alternatives (ties share a rank)", () => {
    expect(rankCell({ ...hello, rank: 13 })).toBe("13");
    const tied: TokenLogprob = {
      token: "b",
      bytes: [98],
      logprob: -1,
      top: [
        { token: "a", logprob: -0.5 },
        { token: "c", logprob: -1 },
        { token: "b", logprob: -1 },
      ],
    };
    expect(rankCell(tied)).toBe("2");
    expect(rankCell({ token: "z", bytes: [122], logprob: -3, top: [] })).toBe("-");
  });
});
