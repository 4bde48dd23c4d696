import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../../core/types.js";
import { leastConfidentRows, renderAlternativesTable } from "./alternatives-table.js";

const encoder = new TextEncoder();
function token(
  text: string,
  logprob: number | null,
  id: number,
  top: [string, number, number][],
): TokenLogprob {
  return {
    token: text,
    bytes: [...encoder.encode(text)],
    id,
    logprob,
    top: top.map(([alternative, value, altId]) => ({ token: alternative, logprob: value, id: altId })),
  };
}

// Hand values: ln 0.5 = -0.693147; ln 0.25 = -1.386294; ln 0.125 = -2.079442 (surprisal = -ln p, nats).
const tokens = [
  token(",", Math.log(0.5), 5, [
    [",", Math.log(0.5), 5],
    [" there", Math.log(0.25), 7],
    [" in", Math.log(0.125), 9],
  ]),
  token("\n", Math.log(0.25), 3, [
    [" a", Math.log(0.5), 4],
    ["\n", Math.log(0.25), 3],
  ]),
  token("x", null, 8, []),
];

describe("renderAlternativesTable", () => {
  it("lines up position (from 1), token, probability, logprob, surprisal (nats) and the other alternatives", () => {
    expect(renderAlternativesTable(tokens, { top: 2, depth: "none", surprisal: true })).toBe(
      [
        "#  token   prob  logprob  surprisal  alternatives",
        '1  ","    50.0%  -0.6931     0.6931  " there" 25.0%  " in" 12.5%',
        '2  "\\n"   25.0%  -1.3863     1.3863  " a" 50.0%',
        '3  "x"        -        -          -',
      ].join("\n"),
    );
  });

  it("shows only the chosen rows, keeping their positions", () => {
    expect(renderAlternativesTable(tokens, { top: 0, depth: "none", rows: [1] })).toBe(
      '#  token   prob  logprob\n2  "\\n"   25.0%  -1.3863',
    );
    expect(leastConfidentRows(tokens, 1)).toEqual([1]);
    expect(leastConfidentRows(tokens, 5)).toEqual([0, 1]);
  });

  it("pads by terminal columns, so CJK and emoji tokens line up", () => {
    const wide = [
      token("日本", Math.log(0.5), 1, []),
      token("🎉", Math.log(0.25), 2, []),
      token("ab", Math.log(0.125), 3, []),
    ];
    const lines = renderAlternativesTable(wide, { top: 0, depth: "none" }).split("\n");
    // Oracle: wcwidth: "日本" quoted is 6 columns, "🎉" quoted 4, "ab" quoted 4: the prob column starts at 11 for all.
    expect(lines).toEqual([
      "#  token    prob  logprob",
      '1  "日本"  50.0%  -0.6931',
      '2  "🎉"    25.0%  -1.3863',
      '3  "ab"    12.5%  -2.0794',
    ]);
  });

  it("drops the alternatives column for --top 0 and shows nothing for no tokens", () => {
    expect(renderAlternativesTable(tokens.slice(0, 1), { top: 0, depth: "none" })).toBe(
      '#  token   prob  logprob\n1  ","    50.0%  -0.6931',
    );
    expect(renderAlternativesTable([], { top: 3, depth: "none" })).toBe("");
  });

  it("paints probabilities by bucket when colour is on", () => {
    const painted = renderAlternativesTable(tokens.slice(0, 1), { top: 1, depth: "ansi256" });
    // 50% falls in the 50-70% band (palette 221); 25% in 10-30% (palette 217).
    expect(painted).toContain("\u001b[48;5;221m\u001b[38;5;16m50.0%\u001b[0m");
    expect(painted).toContain('\u001b[48;5;217m\u001b[38;5;16m" there" 25.0%\u001b[0m');
  });
});
