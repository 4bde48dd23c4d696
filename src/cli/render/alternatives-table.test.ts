import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../../core/types.js";
import { renderAlternativesTable } from "./alternatives-table.js";

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

// Hand values: ln 0.5 = -0.693147 (1 bit); ln 0.25 = -1.386294 (2 bits); ln 0.125 (3 bits).
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
  it("lines up token, probability, logprob, bits and the other alternatives", () => {
    expect(renderAlternativesTable(tokens, { top: 2, depth: "none", surprisal: true })).toBe(
      [
        "#  token   prob  logprob  bits  alternatives",
        '0  ","    50.0%  -0.6931  1.00  " there" 25.0%  " in" 12.5%',
        '1  "\\n"   25.0%  -1.3863  2.00  " a" 50.0%',
        '2  "x"        -        -     -',
      ].join("\n"),
    );
  });

  it("drops the alternatives column for --top 0 and shows nothing for no tokens", () => {
    expect(renderAlternativesTable(tokens.slice(0, 1), { top: 0, depth: "none" })).toBe(
      '#  token   prob  logprob\n0  ","    50.0%  -0.6931',
    );
    expect(renderAlternativesTable([], { top: 3, depth: "none" })).toBe("");
  });

  it("paints probabilities by bucket when colour is on", () => {
    const painted = renderAlternativesTable(tokens.slice(0, 1), { top: 1, depth: "ansi256" });
    // 50% falls in the 50-70% bucket (palette 220); 25% in 10-30% (palette 202).
    expect(painted).toContain("\u001b[48;5;220m\u001b[38;5;16m50.0%\u001b[0m");
    expect(painted).toContain('\u001b[48;5;202m\u001b[38;5;16m" there" 25.0%\u001b[0m');
  });
});
